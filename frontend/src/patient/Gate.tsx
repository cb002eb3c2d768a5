import { t } from "../i18n";
import { protocolName } from "./Today";
import type { Criterion, Enrolment, Protocol, Transition } from "./types";
import { localDate, niceDate } from "./util";

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const withoutMet = (text: string) => sentence(text.replace(/^met: /, ""));

export function phaseName(protocol: Protocol | undefined, key: string | null): string {
  if (!key) return t("gate.endOfProgramme");
  return protocol?.phases.find((p) => p.key === key)?.name ?? key;
}

function Checklist({ criteria }: { criteria: Criterion[] }) {
  return (
    <ul class="plain checklist">
      {criteria.map((c, i) => (
        <li key={`${c.key}-${i}`} class={c.met ? "met" : "unmet"}>
          <span class="mark" aria-hidden="true">{c.met ? "✓" : "○"}</span>
          <span>
            <span class="sr-only">{c.met ? t("gate.done") : t("gate.notYet")}{" "}</span>
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
      <p class="eyebrow">{protocolName(enrolment.protocol, protocol?.name)}</p>
      <h2 id={`gate-${enrolment.id}`}>{t("gate.title")}</h2>
      <p>{t("gate.now", { phase: current.name, date: niceDate(enrolment.phase_started_on) })}</p>
      {pending && <p class="notice">{t("gate.reviewing", { phase: phaseName(protocol, pending.to_phase) })}</p>}
      {!gate && <p>{t("gate.notChecked")}</p>}
      {gate && moved && <p class="notice">{t("gate.movedTo", { phase: current.name })}</p>}
      {gate && !moved && (
        <>
          <p>
            {t("gate.next", { phase: phaseName(protocol, gate.to_phase) })}{" "}
            {gate.mode === "review" ? t("gate.review") : gate.mode === "auto" ? t("gate.auto") : ""}
          </p>
          {(gate.warnings ?? []).map((w) => <p key={w} class="warn" role="note">{w}</p>)}
          {gate.decision === "flare" && (
            <div class="warn" role="note">
              <strong>{t("gate.flare")}</strong> {gate.advice ?? t("gate.flareAdvice")}
              <ul>{(gate.flare_reasons ?? []).map((r, i) => <li key={i}>{withoutMet(r.explanation)}</li>)}</ul>
            </div>
          )}
          {gate.decision === "hold" && (gate.hold_reasons ?? []).length > 0 && (
            <div class="warn" role="note">
              <strong>{t("gate.stay")}</strong>
              <ul>{(gate.hold_reasons ?? []).map((r, i) => <li key={i}>{withoutMet(r.explanation)}</li>)}</ul>
            </div>
          )}
          {gate.criteria.length > 0 && (
            <>
              <h3>{t("gate.goalsMet", { met: gate.criteria.filter((c) => c.met).length, all: gate.criteria.length })}</h3>
              <Checklist criteria={gate.criteria} />
            </>
          )}
          <p class="muted small">{t("gate.checkedOn", { date: niceDate(gate.evaluated_on) })}</p>
        </>
      )}
      <p class="disclaimer">{t("common.disclaimer")}</p>
    </section>
  );
}

/** When each phase began: the enrolment start, then every transition that moved the patient. */
export function phaseStarts(enrolment: Enrolment, transitions: Transition[], protocol?: Protocol): { date: string; key: string; label: string }[] {
  const first = protocol?.phases.find((p) => !p.tracks || p.tracks.some((track) => track === enrolment.track));
  const starts = [{ date: enrolment.start_date, key: first?.key ?? "", label: first?.name ?? t("gate.start") }];
  for (const move of [...transitions].sort((a, b) => a.created_at.localeCompare(b.created_at))) {
    if (!move.to_phase || (move.status !== "applied" && move.status !== "approved")) continue;
    const at = new Date(move.decided_at ?? move.created_at);
    const date = localDate(at);
    starts.push({ date, key: move.to_phase, label: phaseName(protocol, move.to_phase) });
  }
  if (!starts.some((s) => s.key === enrolment.current_phase.key)) {
    starts.push({ date: enrolment.phase_started_on, key: enrolment.current_phase.key, label: enrolment.current_phase.name });
  }
  return starts;
}

/** The protocol's phases in order: done, now, and still to come. */
export function Timeline({ enrolment, protocol, transitions }: { enrolment: Enrolment; protocol?: Protocol; transitions: Transition[] }) {
  if (!protocol) return null;
  const phases = protocol.phases.filter((p) => !p.tracks || p.tracks.some((track) => track === enrolment.track));
  const starts = phaseStarts(enrolment, transitions, protocol);
  const now = enrolment.current_phase.index;
  return (
    <section class="card" aria-labelledby={`timeline-${enrolment.id}`}>
      <h2 id={`timeline-${enrolment.id}`}>{t("gate.steps")}</h2>
      <ol class="timeline">
        {phases.map((p) => {
          const state = p.index < now ? "done" : p.index === now ? "now" : "next";
          const began = [...starts].reverse().find((s) => s.key === p.key);
          return (
            <li key={p.key} class={state} aria-current={state === "now" ? "step" : undefined}>
              <strong>{p.name}</strong>
              <span class="small muted">
                {state === "now" ? t("gate.here", { date: niceDate(enrolment.phase_started_on) }) : state === "done" ? (began ? t("gate.doneBegan", { date: niceDate(began.date) }) : t("gate.doneStep")) : p.typical_duration ? t("gate.typically", { duration: p.typical_duration }) : ""}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
