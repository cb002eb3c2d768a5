// Treatments the physio records (injections, shockwave, surgery). An injection pauses the
// pain goals for the protocol's washout, so the gate cannot open on masked pain.
import { useEffect, useState } from "preact/hooks";
import { api, uuid } from "../api";
import type { Patient } from "./types";
import { errorText, fetchAll, longDate, today } from "./util";

type Treatment = { id: string; date: string; kind: string; side: string; note: string };

export const TREATMENT_WORDS: Record<string, string> = {
  corticosteroid_injection: "Corticosteroid injection",
  prp_injection: "PRP injection",
  local_anaesthetic_injection: "Local-anaesthetic injection",
  shockwave: "Shockwave course",
  surgery: "Surgery",
};

export function Treatments({ patient, onSaved }: { patient: Patient; onSaved: () => void }) {
  const [rows, setRows] = useState<Treatment[]>([]);
  const [form, setForm] = useState({ date: today(), kind: "corticosteroid_injection", side: "", note: "" });
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const id = (k: string) => `treatment-${patient.id}-${k}`;

  const load = () => fetchAll<Treatment>(`treatments/?patient=${patient.id}`).then(setRows).catch((e) => setError(errorText(e)));
  useEffect(() => { load(); }, [patient.id]);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      await api("treatments/", { method: "POST", body: { id: uuid(), patient: patient.id, ...form } });
      setError("");
      setForm({ ...form, note: "" });
      await load();
      onSaved();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const set = (k: string) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });

  return (
    <section class="ph-card" aria-labelledby={id("title")}>
      <h2 id={id("title")}>Treatments</h2>
      {rows.length === 0 ? <p class="muted">None recorded.</p> : (
        <ul>{rows.map((t) => <li key={t.id}>{longDate(t.date)}: {TREATMENT_WORDS[t.kind] ?? t.kind}{t.side ? `, ${t.side}` : ""}{t.note ? `: ${t.note}` : ""}</li>)}</ul>
      )}
      <form class="ph-treatment" onSubmit={submit}>
        <div class="ph-buttons">
          <label class="ph-field">Treatment
            <select id={id("kind")} value={form.kind} onChange={set("kind")}>
              {Object.entries(TREATMENT_WORDS).map(([k, w]) => <option key={k} value={k}>{w}</option>)}
            </select>
          </label>
          <label class="ph-field">Date given <input type="date" max={today()} value={form.date} onInput={set("date")} required /></label>
          <label class="ph-field">Side
            <select value={form.side} onChange={set("side")}>
              <option value="">Not recorded</option><option value="left">Left</option><option value="right">Right</option>
            </select>
          </label>
        </div>
        <label class="ph-field">Note (optional) <input value={form.note} onInput={set("note")} maxLength={2000} /></label>
        <p class="muted small">After an injection the pain goals are paused for the protocol's washout (14 days by default).</p>
        {error && <p class="ph-error" role="alert">{error}</p>}
        <button type="submit" class="ph-primary" disabled={busy}>{busy ? "Saving…" : "Record treatment"}</button>
      </form>
    </section>
  );
}
