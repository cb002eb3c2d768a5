import type { Criterion, Enrolment, Protocol, Transition } from "./types";
import { localDate, niceDate } from "./util";

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const withoutMet = (text: string) => sentence(text.replace(/^met: /, ""));

export function phaseName(protocol: Protocol | undefined, key: string | null): string {
  if (!key) return "the end of the programme";
  return protocol?.phases.find((p) => p.key === key)?.name ?? key;
}

function Checklist({ criteria }: { criteria: Criterion[] }) {
  return (
    <ul class="plain checklist">
      {criteria.map((c, i) => (
        <li key={`${c.key}-${i}`} class={c.met ? "met" : "unmet"}>
          <span class="mark" aria-hidden="true">{c.met ? "✓" : "○"}</span>
          <span>
            <span class="sr-only">{c.met ? "Done: " : "Not yet: "}</span>
            <strong>{sentence(c.label)}</strong>
            <br />
            <span class="small">{sentence(c.explanation)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The current gate as a checklist in plain words: why the patient is, or is not, ready. */
export function GateCard({ enrolment, protocol }: { enrolment: Enrolment; protocol?: Protocol }) {
  const gate = enrolment.gate;
  const current = enrolment.current_phase;
  const pending = enrolment.pending_review;
  const moved = !!gate && gate.phase !== undefined && gate.phase !== current.key; // checked before the move
  return (
    <section class="card" aria-labelledby={`gate-${enrolment.id}`}>
      <p class="eyebrow">{protocol?.name ?? enrolment.protocol}</p>
      <h2 id={`gate-${enrolment.id}`}>Ready for the next step?</h2>
      <p>Now: <strong>{current.name}</strong>, since {niceDate(enrolment.phase_started_on)}.</p>
      {pending && <p class="notice">All goals met. Your physio is reviewing your move to <strong>{phaseName(protocol, pending.to_phase)}</strong>.</p>}
      {!gate && <p>Not checked yet. The app checks after you log and every night.</p>}
      {gate && moved && <p class="notice">You are now on <strong>{current.name}</strong>. Its goals are checked after your next log.</p>}
      {gate && !moved && (
        <>
          <p>
            Next: <strong>{phaseName(protocol, gate.to_phase)}</strong>.{" "}
            {gate.mode === "review" ? "When every goal is met, your physio decides with you." : gate.mode === "auto" ? "When every goal is met, you move up automatically." : ""}
          </p>
          {(gate.warnings ?? []).map((w) => <p key={w} class="warn" role="note">{w}</p>)}
          {gate.decision === "flare" && (
            <div class="warn" role="note">
              <strong>Flare-up.</strong> {gate.advice ?? "Ease off, and contact your physio."}
              <ul>{(gate.flare_reasons ?? []).map((r, i) => <li key={i}>{withoutMet(r.explanation)}</li>)}</ul>
            </div>
          )}
          {gate.decision === "hold" && (gate.hold_reasons ?? []).length > 0 && (
            <div class="warn" role="note">
              <strong>Stay at this step for now:</strong>
              <ul>{(gate.hold_reasons ?? []).map((r, i) => <li key={i}>{withoutMet(r.explanation)}</li>)}</ul>
            </div>
          )}
          {gate.criteria.length > 0 && (
            <>
              <h3>{gate.criteria.filter((c) => c.met).length} of {gate.criteria.length} goals met</h3>
              <Checklist criteria={gate.criteria} />
            </>
          )}
          <p class="muted small">Checked on {niceDate(gate.evaluated_on)}.</p>
        </>
      )}
      <p class="disclaimer">This app supports your clinician and does not diagnose.</p>
    </section>
  );
}

/** When each phase began: the enrolment start, then every transition that moved the patient. */
export function phaseStarts(enrolment: Enrolment, transitions: Transition[], protocol?: Protocol): { date: string; key: string; label: string }[] {
  const first = protocol?.phases.find((p) => !p.tracks || p.tracks.includes(enrolment.track));
  const starts = [{ date: enrolment.start_date, key: first?.key ?? "", label: first?.name ?? "Start" }];
  for (const t of [...transitions].sort((a, b) => a.created_at.localeCompare(b.created_at))) {
    if (!t.to_phase || (t.status !== "applied" && t.status !== "approved")) continue;
    const at = new Date(t.decided_at ?? t.created_at);
    const date = localDate(at);
    starts.push({ date, key: t.to_phase, label: phaseName(protocol, t.to_phase) });
  }
  if (!starts.some((s) => s.key === enrolment.current_phase.key)) {
    starts.push({ date: enrolment.phase_started_on, key: enrolment.current_phase.key, label: enrolment.current_phase.name });
  }
  return starts;
}

/** The protocol's phases in order: done, now, and still to come. */
export function Timeline({ enrolment, protocol, transitions }: { enrolment: Enrolment; protocol?: Protocol; transitions: Transition[] }) {
  if (!protocol) return null;
  const phases = protocol.phases.filter((p) => !p.tracks || p.tracks.includes(enrolment.track));
  const starts = phaseStarts(enrolment, transitions, protocol);
  const now = enrolment.current_phase.index;
  return (
    <section class="card" aria-labelledby={`timeline-${enrolment.id}`}>
      <h2 id={`timeline-${enrolment.id}`}>Your programme, step by step</h2>
      <ol class="timeline">
        {phases.map((p) => {
          const state = p.index < now ? "done" : p.index === now ? "now" : "next";
          const began = [...starts].reverse().find((s) => s.key === p.key);
          return (
            <li key={p.key} class={state} aria-current={state === "now" ? "step" : undefined}>
              <strong>{p.name}</strong>
              <span class="small muted">
                {state === "now" ? ` — you are here, since ${niceDate(enrolment.phase_started_on)}` : state === "done" ? ` — done${began ? `, began ${niceDate(began.date)}` : ""}` : p.typical_duration ? ` — typically ${p.typical_duration}` : ""}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
