// The patient's own corrections (within 24 hours of entry) over the last 4 weeks: what was
// first entered beside what stands now. The audit trail keeps every version.
import { useEffect, useState } from "preact/hooks";
import { errorText, fetchAll, longDate } from "./util";

type Correction = { corrected_at: string; original: Record<string, unknown> };
type Log = { id: string; date: string; correction?: Correction | null } & Record<string, unknown>;
type Row = { kind: string; log: Log; correction: Correction };

const DAYS = 28;
const KINDS: [string, string][] = [["checkins", "Check-in"], ["sessions", "Exercise session"], ["runs", "Run"]];
const FIELDS: Record<string, string> = {
  date: "date", pain_rest: "pain at rest", pain_morning: "morning pain", sitting_minutes: "sitting minutes",
  load_test_pain: "load-test pain", red_flags: "red flags", note: "note", pain_during: "pain during",
  pain_after: "pain after", rpe: "RPE", exercises: "exercises", level: "level", run_min: "run minutes",
  walk_min: "walk minutes", limp: "limp",
};

function show(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === "string" ? v.replace(/_/g, " ") : JSON.stringify(v))).join(", ") : "none";
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

function when(iso: string): string {
  return new Date(iso).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

export function Corrections({ patientId }: { patientId: number }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    const from = new Date(Date.now() - DAYS * 86400000).toISOString().slice(0, 10);
    Promise.all(KINDS.map(([path]) => fetchAll<Log>(`${path}/?patient=${patientId}&from=${from}`)))
      .then((lists) => {
        const found = lists.flatMap((logs, i) =>
          logs.flatMap((log) => (log.correction ? [{ kind: KINDS[i]![1], log, correction: log.correction }] : [])),
        );
        setRows(found.sort((a, b) => b.correction.corrected_at.localeCompare(a.correction.corrected_at)));
      })
      .catch((e) => setError(errorText(e)));
  }, [patientId]);

  if (error) return <p class="ph-error" role="alert">{error}</p>;
  if (!rows?.length) return null;
  return (
    <section class="ph-card" aria-labelledby="corrections-title" id="corrections">
      <h2 id="corrections-title">Corrected by the patient</h2>
      <p class="muted small">Logs the patient changed within 24 hours of entering them (last {DAYS} days). The gates read the corrected values; the original stays in the audit trail.</p>
      <ul class="ph-corrections">
        {rows.map(({ kind, log, correction }) => (
          <li key={log.id} data-log={log.id}>
            <strong>{kind} of {longDate(log.date)}</strong>, corrected {when(correction.corrected_at)}:{" "}
            {Object.entries(correction.original).map(([field, was], i) => (
              <span key={field}>
                {i > 0 && "; "}
                {FIELDS[field] ?? field} <del>{show(was)}</del> → <ins>{show(log[field])}</ins>
                {field === "red_flags" && (was as string[]).some((k) => !(log.red_flags as string[]).includes(k)) && " (withdrawn as entered in error)"}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
