// Move the patient to another phase by the physio's judgement, with the reason recorded;
// on a paused return-to-run plan the same form resumes running at the level chosen.
import { useState } from "preact/hooks";
import { api } from "../api";
import type { Enrolment, Protocol } from "./types";
import { errorText } from "./util";

type Props = { enrolment: Enrolment; protocol?: Protocol; onDone: () => void };

export function OverrideForm({ enrolment, protocol, onDone }: Props) {
  const [toPhase, setToPhase] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const resume = !!enrolment.running_paused_since;
  const phases = (protocol?.phases ?? []).filter(
    (p) => (resume || p.key !== enrolment.current_phase.key) && (!p.tracks?.length || p.tracks.some((track) => track === enrolment.track)),
  );
  const base = `override-${enrolment.id}`;

  async function submit(event: Event) {
    event.preventDefault();
    if (!toPhase || !reason.trim()) {
      setError("Choose a phase and say why.");
      return;
    }
    setBusy(true);
    setError("");
    try {
      const verb = resume ? "resume" : "override";
      await api(`enrolments/${enrolment.id}/${verb}/`, { method: "POST", body: { to_phase: toPhase, reason: reason.trim() } });
      setToPhase("");
      setReason("");
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="ph-override" onSubmit={submit}>
      {resume ? (
        <>
          <h3>Resume running</h3>
          <p class="ph-blocked" role="status">Running is paused: {enrolment.running_paused_reason}</p>
          <p class="muted small">Choose the level to restart at. Clear any red flag first with its check.</p>
        </>
      ) : (
        <>
          <h3>Override the phase</h3>
          <p class="muted small">Moves the patient now; any pending review is closed.</p>
        </>
      )}
      <label class="ph-field" for={`${base}-phase`}>Move to phase</label>
      <select id={`${base}-phase`} value={toPhase} onChange={(e) => setToPhase(e.currentTarget.value)} required>
        <option value="">Choose a phase…</option>
        {phases.map((p) => (
          <option key={p.key} value={p.key}>
            {resume ? "Restart at" : p.index < enrolment.current_phase.index ? "Back to" : "On to"} {p.name}
          </option>
        ))}
      </select>
      <label class="ph-field" for={`${base}-reason`}>Reason (kept in the history)</label>
      <textarea id={`${base}-reason`} rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} required />
      {error && <p class="ph-error" role="alert">{error}</p>}
      <button type="submit" disabled={busy}>{busy ? "Moving…" : resume ? "Resume running" : "Override phase"}</button>
    </form>
  );
}
