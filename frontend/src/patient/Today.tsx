import type { ComponentChildren } from "preact";
import { t, tn, type Key } from "../i18n";
import type { LockedExercise, Prescribed, Today as TodayData, TodayPhase } from "./types";
import { dose, go, niceDate } from "./util";
import { RedFlagAdvice } from "./RedFlags";
import { RunPlanView } from "./RunPlan";
import { Termed, TermLinks } from "./Terms";
import "./plan.css";

const PROTOCOLS = ["pht-loading", "hamstring-avulsion", "return-to-run"];

/** A shipped programme's name in the chosen language (a clinic's own keeps its name). */
export function protocolName(slug: string, name?: string): string {
  return PROTOCOLS.includes(slug) ? t(`protocol.${slug}` as Key) : name ?? slug;
}

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
  const join = (names: string[]) => names.length > 1 ? t("list.and", { first: names.slice(0, -1).join(", "), last: names[names.length - 1] ?? "" }) : names[0] ?? "";
  return groups.map((g) => ({ names: join(g.names), after: g.after }));
}

function NextUp({ locked }: { locked: LockedExercise[] }) {
  const groups = lockedGroups(locked);
  if (!groups.length) return null;
  return (
    <div class="advice next-up">
      <h3>{t("today.comingNext")}</h3>
      <ul>
        {groups.map((g, i) => (
          <li key={g.names}><strong>{i === 0 ? t("today.next") : t("today.afterThat")}</strong> {t("today.unlocksAfter", { names: g.names, after: g.after })}</li>
        ))}
      </ul>
    </div>
  );
}

function PhaseCard({ phase, date }: { phase: TodayPhase; date: string }) {
  const p = phase.phase;
  return (
    <section class="card" aria-labelledby={`phase-${phase.enrolment}`}>
      <p class="eyebrow">{protocolName(phase.protocol)}</p>
      <h2 id={`phase-${phase.enrolment}`}><Termed text={p.name} /></h2>
      <p class="muted small">{t("today.since", { date: niceDate(phase.phase_started_on), day: daysSince(phase.phase_started_on, date) })}</p>
      <p><strong>{t("today.aim")}</strong> <Termed text={p.aim} /></p>
      {p.avoid.length > 0 && (
        <div class="avoid">
          <h3>{t("today.avoid")}</h3>
          <ul>{p.avoid.map((a) => <li key={a}>{a}</li>)}</ul>
        </div>
      )}
      {p.run_plan && phase.running_paused && (
        <div class="warn" role="note">
          <strong>{t("today.runningPaused")}</strong> {phase.running_paused} {t("today.runningPausedUntil")}
        </div>
      )}
      {p.run_plan && !phase.running_paused && <RunPlanView level={p.index + 1} plan={p.run_plan} />}
      <NextUp locked={phase.locked ?? []} />
      {p.advice.length > 0 && (
        <div class="advice">
          <h3>{t("today.advice")}</h3>
          <ul>{p.advice.map((a) => <li key={a}>{a}</li>)}</ul>
        </div>
      )}
      <TermLinks texts={[p.name, p.aim]} />
    </section>
  );
}

function ExerciseItem({ rx }: { rx: Prescribed }) {
  const facts = [dose(rx), rx.load, rx.rest_s ? t("today.rest", { n: rx.rest_s }) : "", t("today.perWeek", { n: rx.sessions_per_week })].filter(Boolean);
  return (
    <li class="exercise">
      <h3>{rx.exercise.name}</h3>
      <p class="dose"><Termed text={facts.join(" · ")} /></p>
      {!!rx.adjusted?.length && <p class="adjusted">{t("plan.adjusted")}</p>}
      <details>
        <summary>{t("today.howTo")}</summary>
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
      <h1>{t("today.title")} <span class="muted light">{niceDate(date)}</span></h1>
      <section class={`card status${checkinDone ? " done" : ""}`}>
        {checkinDone ? (
          <p><strong>{t("today.checkinDone")}</strong></p>
        ) : (
          <>
            <p><strong>{t("today.dailyCheckin")}</strong>{t("today.dailyCheckinText")}</p>
            <a class="button primary" href="/checkin" onClick={link("/checkin")}>{t("today.doCheckin")}</a>
          </>
        )}
      </section>
      {children}
      {!!today.open_red_flags?.length && (
        <>
          <RedFlagAdvice keys={today.open_red_flags} sent />
          {today.loading_paused && (
            <section class="card"><p><strong>{t("today.paused")}</strong> {t("today.pausedUntil")}</p></section>
          )}
        </>
      )}
      {today.phases.length === 0 && (
        <section class="card"><p>{t("today.noProgramme")}</p></section>
      )}
      {today.phases.map((phase) => <PhaseCard key={phase.enrolment} phase={phase} date={date} />)}
      {today.exercises.length > 0 && (
        <section class="card" aria-labelledby="exercises-title">
          <h2 id="exercises-title">{t("today.exercises")}</h2>
          <ul class="plain exercises">{today.exercises.map((rx) => <ExerciseItem key={`${rx.enrolment}-${rx.exercise.key}`} rx={rx} />)}</ul>
          <TermLinks texts={today.exercises.map((rx) => rx.load)} />
          {sessionsToday > 0 && <p class="muted small">{tn("today.sessionsLogged", sessionsToday)}</p>}
          <a class="button primary" href="/session" onClick={link("/session")}>{t("today.logExercises")}</a>
        </section>
      )}
      {today.next_run_level && (
        <a class="button secondary wide" href="/run" onClick={link("/run")}>{t("today.logRun", { level: today.next_run_level })}</a>
      )}
      {/* The server sends the same sentence in English; the catalogue has it in both. */}
      <p class="disclaimer">{t("common.disclaimer")}</p>
    </>
  );
}
