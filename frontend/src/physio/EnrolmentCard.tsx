// One programme: its pending review first, then the gate, evaluate, override and history.
import { useState } from "preact/hooks";
import { api } from "../api";
import { GatePanel } from "./Gate";
import { History } from "./History";
import { OverrideForm } from "./Override";
import { PlanPanel } from "./Plan";
import { ReviewBox } from "./Review";
import type { Enrolment, Protocol, Transition } from "./types";
import { errorText, longDate } from "./util";
import { words } from "./vocabulary";

// onSaid: something was posted into the patient's conversation (a plan change's reason).
type Props = { enrolment: Enrolment; protocol?: Protocol; transitions: Transition[]; onChange: () => void; onSaid?: () => void };

export function EnrolmentCard({ enrolment, protocol, transitions, onChange, onSaid }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const track = words("tracks", enrolment.track);
  // The server re-evaluates after every move, so the stored gate is the current phase's;
  // a gate stored before that rule names no phase, or an older one.
  const stale = !!enrolment.gate && enrolment.gate.phase !== undefined && enrolment.gate.phase !== enrolment.current_phase.key;
  const days = Math.round((Date.now() - new Date(`${enrolment.phase_started_on}T00:00:00`).getTime()) / 86400000);

  async function evaluate() {
    setBusy(true);
    setError("");
    try {
      await api(`enrolments/${enrolment.id}/evaluate/`, { method: "POST" });
      onChange();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="ph-card ph-enrolment" aria-labelledby={`enrolment-${enrolment.id}`}>
      <header class="ph-card-head">
        <div>
          <h2 id={`enrolment-${enrolment.id}`}>
            {protocol?.name ?? enrolment.protocol}{track ? ` (${track})` : ""}: {enrolment.current_phase.name}
          </h2>
          <p class="muted small">
            {enrolment.side} side · started {longDate(enrolment.start_date)}
            {enrolment.surgery_date ? ` · surgery ${longDate(enrolment.surgery_date)}` : ""}
            {enrolment.injury_date ? ` · injury ${longDate(enrolment.injury_date)}` : ""}
            {" "}· in this phase since {longDate(enrolment.phase_started_on)} (day {days})
          </p>
        </div>
        <button type="button" onClick={evaluate} disabled={busy}>{busy ? "Evaluating…" : "Evaluate now"}</button>
      </header>
      {error && <p class="ph-error" role="alert">{error}</p>}
      {enrolment.pending_review && (
        <ReviewBox review={enrolment.pending_review} protocol={protocol} onDecided={onChange} />
      )}
      <h3>Current gate</h3>
      {stale && (
        <p class="ph-stale" role="status">
          The patient has changed phase since this gate was evaluated. Press “Evaluate now” for the gate of {enrolment.current_phase.name}.
        </p>
      )}
      <GatePanel gate={enrolment.gate} protocol={protocol} />
      <PlanPanel enrolment={enrolment} onChanged={onSaid} />
      <div class="ph-two">
        <OverrideForm enrolment={enrolment} protocol={protocol} onDone={onChange} />
        <History transitions={transitions} protocol={protocol} />
      </div>
    </section>
  );
}
