import type { ComponentChildren } from "preact";
import type { LockedExercise, Prescribed, Today as TodayData, TodayPhase } from "./types";
import { dose, go, niceDate } from "./util";
import { RedFlagAdvice } from "./RedFlags";
import { RunPlanView } from "./RunPlan";

export const PROTOCOL_NAMES: Record<string, string> = {
  "pht-loading": "Tendon loading programme",
  "hamstring-avulsion": "Hamstring avulsion programme",
  "return-to-run": "Return-to-run plan",
};

function daysSince(iso: string, today: string): number {
  return Math.round((Date.parse(today) - Date.parse(iso)) / 86400000);
}

/** Locked exercises grouped as they unlock: "Next: A and B, unlocks after ...". */
function lockedGroups(locked: LockedExercise[]): { names: string; after: string }[] {
  const groups: { key: string; names: string[]; after: string }[] = [];
  for (const item of locked) {
    const group = groups.find((g) => g.key === item.group);
    if (group) group.names.push(item.exercise.name);
    else groups.push({ key: item.group, names: [item.exercise.name], after: item.unlocks_after });
  }
  const join = (names: string[]) => names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names[0];
  return groups.map((g) => ({ names: join(g.names), after: g.after }));
}

function NextUp({ locked }: { locked: LockedExercise[] }) {
  const groups = lockedGroups(locked);
  if (!groups.length) return null;
  return (
    <div class="advice next-up">
      <h3>Coming next</h3>
      <ul>
        {groups.map((g, i) => (
          <li key={g.names}><strong>{i === 0 ? "Next" : "After that"}:</strong> {g.names}, unlocks after {g.after}.</li>
        ))}
      </ul>
    </div>
  );
}

function PhaseCard({ phase, date }: { phase: TodayPhase; date: string }) {
  const p = phase.phase;
  return (
    <section class="card" aria-labelledby={`phase-${phase.enrolment}`}>
      <p class="eyebrow">{PROTOCOL_NAMES[phase.protocol] ?? phase.protocol}</p>
      <h2 id={`phase-${phase.enrolment}`}>{p.name}</h2>
      <p class="muted small">Since {niceDate(phase.phase_started_on)} (day {daysSince(phase.phase_started_on, date)})</p>
      <p><strong>Aim:</strong> {p.aim}</p>
      {p.avoid.length > 0 && (
        <div class="avoid">
          <h3>Avoid for now</h3>
          <ul>{p.avoid.map((a) => <li key={a}>{a}</li>)}</ul>
        </div>
      )}
      {p.run_plan && phase.running_paused && (
        <div class="warn" role="note">
          <strong>Running is paused.</strong> {phase.running_paused} Do not run until your physio restarts the plan.
        </div>
      )}
      {p.run_plan && !phase.running_paused && <RunPlanView level={p.index + 1} plan={p.run_plan} />}
      <NextUp locked={phase.locked ?? []} />
      {p.advice.length > 0 && (
        <div class="advice">
          <h3>Advice</h3>
          <ul>{p.advice.map((a) => <li key={a}>{a}</li>)}</ul>
        </div>
      )}
    </section>
  );
}

function ExerciseItem({ rx }: { rx: Prescribed }) {
  const facts = [dose(rx), rx.load, rx.rest_s ? `${rx.rest_s} s rest` : "", `${rx.sessions_per_week}× a week`].filter(Boolean);
  return (
    <li class="exercise">
      <h3>{rx.exercise.name}</h3>
      <p class="dose">{facts.join(" · ")}</p>
      <details>
        <summary>How to do it</summary>
        <p>{rx.exercise.description}</p>
        {rx.exercise.cues.length > 0 && <ul>{rx.exercise.cues.map((c) => <li key={c}>{c}</li>)}</ul>}
        {rx.notes && <p class="muted small">{rx.notes}</p>}
      </details>
    </li>
  );
}

/** `children`: cards shown under the check-in, such as a questionnaire that is due. */
type Props = { today: TodayData; date: string; checkinDone: boolean; sessionsToday: number; children?: ComponentChildren };

export function Today({ today, date, checkinDone, sessionsToday, children }: Props) {
  const link = (path: string) => (e: Event) => {
    e.preventDefault();
    go(path);
  };
  return (
    <>
      <h1>Today <span class="muted light">{niceDate(date)}</span></h1>
      <section class={`card status${checkinDone ? " done" : ""}`}>
        {checkinDone ? (
          <p><strong>✓ Today's check-in is done.</strong></p>
        ) : (
          <>
            <p><strong>Daily check-in</strong>: pain, sitting and a few safety questions. About 30 seconds.</p>
            <a class="button primary" href="/checkin" onClick={link("/checkin")}>Do today's check-in</a>
          </>
        )}
      </section>
      {children}
      {!!today.open_red_flags?.length && (
        <>
          <RedFlagAdvice keys={today.open_red_flags} sent />
          {today.loading_paused && (
            <section class="card"><p><strong>Exercises and runs are paused</strong> until your physio has reviewed this with you.</p></section>
          )}
        </>
      )}
      {today.phases.length === 0 && (
        <section class="card"><p>You are not on a programme yet. Your physio will set one up for you.</p></section>
      )}
      {today.phases.map((phase) => <PhaseCard key={phase.enrolment} phase={phase} date={date} />)}
      {today.exercises.length > 0 && (
        <section class="card" aria-labelledby="exercises-title">
          <h2 id="exercises-title">Your exercises</h2>
          <ul class="plain exercises">{today.exercises.map((rx) => <ExerciseItem key={`${rx.enrolment}-${rx.exercise.key}`} rx={rx} />)}</ul>
          {sessionsToday > 0 && <p class="muted small">{sessionsToday === 1 ? "1 session" : `${sessionsToday} sessions`} logged today.</p>}
          <a class="button primary" href="/session" onClick={link("/session")}>Log today's exercises</a>
        </section>
      )}
      {today.next_run_level && (
        <a class="button secondary wide" href="/run" onClick={link("/run")}>Log a run at level {today.next_run_level}</a>
      )}
      <p class="disclaimer">{today.disclaimer || "This app supports your clinician and does not diagnose."}</p>
    </>
  );
}
