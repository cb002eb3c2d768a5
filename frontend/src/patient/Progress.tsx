import { useEffect, useMemo, useState } from "preact/hooks";
import { allPages, cachedGet } from "../offline/cache";
import { cohortReferences } from "../charts/references";
import { Chart, type Marker, type SeriesSpec } from "./Charts";
import { GateCard, phaseStarts, Timeline } from "./Gate";
import type { CheckIn, Enrolment, Protocol, Session, Transition } from "./types";
import { localDate, niceDate } from "./util";

type Outcome = { date: string; key: string; value: number };

type Data = {
  outcomes: Outcome[];
  checkins: CheckIn[];
  sessions: Session[];
  protocols: Record<string, Protocol>;
  transitions: Record<number, Transition[]>;
  fresh: boolean;
};

const DAYS_SHOWN = 120;

function versionOf(enrolments: Enrolment[], slug: string): number {
  const mine = enrolments.filter((e) => e.protocol === slug);
  return (mine.find((e) => e.status === "active") ?? mine[0]).version;
}

async function load(enrolments: Enrolment[], date: string): Promise<Data> {
  const [y, m, d] = date.split("-").map(Number);
  const from = localDate(new Date(y, m - 1, d - DAYS_SHOWN));
  const slugs = [...new Set(enrolments.map((e) => e.protocol))];
  const [outcomes, checkins, sessions, protocols, transitions] = await Promise.all([
    // PHAT and VISA-H, answered here or recorded by the physio: every one, not only recent.
    cachedGet("progress:outcomes", async () => (await allPages<Outcome>("measurements/")).filter((m) => m.key === "phat" || m.key === "visa_h")),
    cachedGet("progress:checkins", () => allPages<CheckIn>(`checkins/?from=${from}`)),
    cachedGet("progress:sessions", () => allPages<Session>(`sessions/?from=${from}`)),
    // Each protocol at the version the patient is on (the clinic may have published a newer one).
    Promise.all(slugs.map((slug) => cachedGet<Protocol>(`protocols/${slug}/?version=${versionOf(enrolments, slug)}`))),
    Promise.all(enrolments.map((e) => cachedGet(`transitions:${e.id}`, () => allPages<Transition>(`enrolments/${e.id}/transitions/`)))),
  ]);
  return {
    outcomes: outcomes.data.map((m) => ({ ...m, value: Number(m.value) })),
    checkins: checkins.data,
    sessions: sessions.data,
    protocols: Object.fromEntries(protocols.map((p, i) => [slugs[i], p.data])),
    transitions: Object.fromEntries(transitions.map((t, i) => [enrolments[i].id, t.data])),
    fresh: checkins.fresh && sessions.fresh,
  };
}

const seconds = (iso: string) => {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d).getTime() / 1000;
};

function worst(values: number[]): number | null {
  return values.length ? Math.max(...values) : null;
}

function latest(label: string, days: string[], values: (number | null)[], unit: string): string {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return `${label} ${values[i]}${unit} on ${niceDate(days[i])}`;
  return `${label}: nothing logged yet`;
}

function Charts({ data, enrolments }: { data: Data; enrolments: Enrolment[] }) {
  const built = useMemo(() => {
    const days = [...new Set([...data.checkins.map((c) => c.date), ...data.sessions.map((s) => s.date)])].sort();
    const byDay = new Map(data.checkins.map((c) => [c.date, c]));
    const sessionsOn = (day: string) => data.sessions.filter((s) => s.date === day);
    const xs = days.map(seconds);
    const pain: SeriesSpec[] = [
      { label: "At rest", color: "#1f5fa8", values: days.map((d) => byDay.get(d)?.pain_rest ?? null) },
      { label: "Morning", color: "#6a3d9a", values: days.map((d) => byDay.get(d)?.pain_morning ?? null) },
      { label: "During exercise", color: "#c2410c", values: days.map((d) => worst(sessionsOn(d).map((s) => s.pain_during))) },
      { label: "After exercise", color: "#334155", dash: [6, 4], values: days.map((d) => worst(sessionsOn(d).map((s) => s.pain_after))) },
    ];
    const sitting: SeriesSpec[] = [{ label: "Sitting (min)", color: "#0f5c4d", values: days.map((d) => byDay.get(d)?.sitting_minutes ?? null) }];
    const first = days[0] ?? "";
    const markers: Marker[] = enrolments.flatMap((e) =>
      phaseStarts(e, data.transitions[e.id] ?? [], data.protocols[e.protocol]).filter((s) => s.date >= first).map((s) => ({ x: seconds(s.date), label: s.label })),
    );
    const painSummary = `Pain over time. ${pain.map((s) => latest(s.label, days, s.values, "/10")).join(". ")}.`;
    const sittingSummary = `Sitting before pain starts. ${latest("Latest", days, sitting[0].values, " minutes")}.`;
    return { days, xs, pain, sitting, markers, painSummary, sittingSummary };
  }, [data, enrolments]);

  if (!built.days.length) return <section class="card"><p>Your charts appear here after your first check-ins.</p></section>;
  return (
    <>
      <figure class="card">
        <figcaption><h2>Pain</h2><p class="small muted">0-10. Green 0-3, amber 4-5, red 6-10. Dashed lines: a new phase began.</p></figcaption>
        <Chart xs={built.xs} series={built.pain} markers={built.markers} pain summary={built.painSummary} />
      </figure>
      <figure class="card">
        <figcaption><h2>Sitting before pain starts</h2><p class="small muted">Minutes. Higher is better.</p></figcaption>
        <Chart xs={built.xs} series={built.sitting} markers={built.markers} pain={false} summary={built.sittingSummary} />
      </figure>
    </>
  );
}

/** PHAT and VISA-H over time, with the published avulsion cohort as a reference line. */
function Outcomes({ outcomes, enrolments }: { outcomes: Outcome[]; enrolments: Enrolment[] }) {
  const built = useMemo(() => {
    const days = [...new Set(outcomes.map((m) => m.date))].sort();
    const on = (key: string) => days.map((d) => outcomes.find((m) => m.date === d && m.key === key)?.value ?? null);
    const series: SeriesSpec[] = [
      { label: "VISA-H", color: "#b36b00", values: on("visa_h") },
      { label: "PHAT", color: "#8a4f7d", dash: [6, 3], values: on("phat") },
    ].filter((s) => s.values.some((v) => v !== null));
    const avulsion = enrolments.find((e) => e.protocol === "hamstring-avulsion");
    const summary = `Questionnaire scores, 0 to 100, higher is better. ${series.map((s) => latest(s.label, days, s.values, "/100")).join(". ")}.`;
    // From the programme's start (or the first score) to today, so one score is not alone.
    const first = [...enrolments.map((e) => e.start_date), ...days].sort()[0];
    const xRange: [number, number] = [seconds(first) - 86400, Math.max(seconds(localDate()), seconds(days[days.length - 1] ?? first)) + 86400];
    return { xs: days.map(seconds), series, references: cohortReferences(avulsion?.track), summary, xRange };
  }, [outcomes, enrolments]);
  if (!built.series.length) return null;
  return (
    <figure class="card">
      <figcaption>
        <h2>Questionnaire scores</h2>
        <p class="small muted">0-100, higher is better.{built.references.length > 0 && " Grey band and dashed lines: PHAT in a published group of people with the same injury (van der Made 2022) at the start and after one year. For context, not a target."}</p>
      </figcaption>
      <Chart xs={built.xs} series={built.series} markers={[]} pain={false} range={[0, 100]} xRange={built.xRange} references={built.references} summary={built.summary} />
    </figure>
  );
}

export function Progress({ enrolments, date }: { enrolments: Enrolment[]; date: string }) {
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    load(enrolments, date).then(setData, (e: Error) => setError(e.message));
  }, [enrolments, date]);

  const active = enrolments.filter((e) => e.status === "active");
  if (error && !data) return <><h1>Progress</h1><p class="card">Progress needs the internet the first time. {error}</p></>;
  if (!data) return <><h1>Progress</h1><p class="loading" role="status">Loading your progress…</p></>;
  return (
    <>
      <h1>Progress</h1>
      {!data.fresh && <p class="notice" role="status">You are offline: this is your progress as last saved on this phone.</p>}
      {active.map((e) => <GateCard key={e.id} enrolment={e} protocol={data.protocols[e.protocol]} />)}
      <Charts data={data} enrolments={active} />
      <Outcomes outcomes={data.outcomes} enrolments={active} />
      {active.map((e) => <Timeline key={e.id} enrolment={e} protocol={data.protocols[e.protocol]} transitions={data.transitions[e.id] ?? []} />)}
    </>
  );
}
