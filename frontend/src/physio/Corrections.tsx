// The patient's own corrections (within 24 hours of entry) over the last 4 weeks: what was
// first entered beside what stands now; and the logs they deleted, which nothing reads any
// more (only that they went, and when). The audit trail keeps every version.
import { useEffect, useState } from "preact/hooks";
import { errorText, fetchAll, longDate } from "./util";

type Correction = { corrected_at: string; original: Record<string, unknown> };
type Log = { id: string; date: string; correction?: Correction | null } & Record<string, unknown>;
type Deleted = { id: string; kind: string; date: string; deleted_at: string };
type Row =
  | { kind: string; at: string; log: Log; correction: Correction }
  | { kind: string; at: string; deleted: Deleted };

const DAYS = 28;
const KINDS: [string, string][] = [["checkins", "Check-in"], ["sessions", "Exercise session"], ["runs", "Run"]];
const DELETED_KINDS: Record<string, string> = {
  checkin: "Check-in", session: "Exercise session", run: "Run", measurement: "Measurement",
};
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
    Promise.all([
      ...KINDS.map(([path]) => fetchAll<Log>(`${path}/?patient=${patientId}&from=${from}`)),
      fetchAll<Deleted>(`patients/${patientId}/deleted-logs/?from=${from}`),
    ])
      .then((lists) => {
        const deleted = lists.pop() as Deleted[];
        const found: Row[] = (lists as Log[][]).flatMap((logs, i) =>
          logs.flatMap((log) => (log.correction
            ? [{ kind: KINDS[i]![1], at: log.correction.corrected_at, log, correction: log.correction }]
            : [])),
        );
        found.push(...deleted.map((d) => ({ kind: DELETED_KINDS[d.kind] ?? d.kind, at: d.deleted_at, deleted: d })));
        setRows(found.sort((a, b) => b.at.localeCompare(a.at)));
      })
      .catch((e) => setError(errorText(e)));
  }, [patientId]);

  if (error) return <p class="ph-error" role="alert">{error}</p>;
  if (!rows?.length) return null;
  const corrected = rows.some((row) => "correction" in row);
  const deleted = rows.some((row) => "deleted" in row);
  return (
    <section class="ph-card" aria-labelledby="corrections-title" id="corrections">
      <h2 id="corrections-title">{corrected && deleted ? "Corrected or deleted" : corrected ? "Corrected" : "Deleted"} by the patient</h2>
      <p class="muted small">
        {corrected && `Logs the patient changed within 24 hours of entering them (last ${DAYS} days). The gates read the corrected values; the original stays in the audit trail.`}
        {corrected && deleted && " "}
        {deleted && `Logs the patient deleted (dated in the last ${DAYS} days): the gates, charts and exports no longer read them; the audit trail keeps them.`}
      </p>
      <ul class="ph-corrections">
        {rows.map((row) => "deleted" in row ? (
          <li key={row.deleted.id} data-log={row.deleted.id} class="ph-deleted">
            <strong>{row.kind} of {longDate(row.deleted.date)}</strong>: deleted by the patient on {when(row.deleted.deleted_at)}.
          </li>
        ) : (
          <li key={row.log.id} data-log={row.log.id}>
            <strong>{row.kind} of {longDate(row.log.date)}</strong>, corrected {when(row.correction.corrected_at)}:{" "}
            {Object.entries(row.correction.original).map(([field, was], i) => (
              <span key={field}>
                {i > 0 && "; "}
                {FIELDS[field] ?? field} <del>{show(was)}</del> → <ins>{show(row.log[field])}</ins>
                {field === "red_flags" && (was as string[]).some((k) => !(row.log.red_flags as string[]).includes(k)) && " (withdrawn as entered in error)"}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
