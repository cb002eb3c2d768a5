import { useEffect, useMemo, useState } from "preact/hooks";
import { t } from "../i18n";
import { dayAt } from "../api";
import { type PainZones, zoneRanges } from "../zones";
import { allPages, cachedGet, sameData, savedCopy, type Cached } from "../offline/cache";
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

/** The version each protocol is read at: its active enrolment's, else its first one's. */
function versions(enrolments: Enrolment[]): [string, number][] {
  const chosen = new Map<string, Enrolment>();
  for (const e of enrolments) {
    if (!chosen.has(e.protocol) || (e.status === "active" && chosen.get(e.protocol)?.status !== "active")) chosen.set(e.protocol, e);
  }
  return [...chosen].map(([slug, e]) => [slug, e.version]);
}

type Get = <T>(path: string, load?: () => Promise<T>) => Promise<Cached<T>>;

/** Only what the phone saved last time (no network): shown while the server is asked. */
const saved: Get = async (path) => {
  const copy = await savedCopy<any>(path);
  if (!copy) throw new Error("nothing saved yet");
  return copy;
};

async function load(enrolments: Enrolment[], date: string, get: Get = cachedGet): Promise<Data> {
  const from = localDate(dayAt(date, -DAYS_SHOWN));
  const [outcomes, checkins, sessions, protocols, transitions] = await Promise.all([
    // PHAT and VISA-H, answered here or recorded by the physio: every one, not only recent.
    get("progress:outcomes", async () => (await allPages<Outcome>("measurements/")).filter((m) => m.key === "phat" || m.key === "visa_h")),
    get("progress:checkins", () => allPages<CheckIn>(`checkins/?from=${from}`)),
    get("progress:sessions", () => allPages<Session>(`sessions/?from=${from}`)),
    // Each protocol at the version the patient is on (the clinic may have published a newer one).
    Promise.all(versions(enrolments).map(async ([slug, version]) => [slug, (await get<Protocol>(`protocols/${slug}/?version=${version}`)).data] as const)),
    Promise.all(enrolments.map(async (e) => [e.id, (await get(`transitions:${e.id}`, () => allPages<Transition>(`enrolments/${e.id}/transitions/`))).data] as const)),
  ]);
  return {
    outcomes: outcomes.data.map((m) => ({ ...m, value: Number(m.value) })),
    checkins: checkins.data,
    sessions: sessions.data,
    protocols: Object.fromEntries(protocols),
    transitions: Object.fromEntries(transitions),
    fresh: checkins.fresh && sessions.fresh,
  };
}

const seconds = (iso: string) => dayAt(iso).getTime() / 1000;

function worst(values: number[]): number | null {
  return values.length ? Math.max(...values) : null;
}

function latest(label: string, days: string[], values: (number | null)[], unit: string): string {
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (value !== null && value !== undefined) return t("progress.latest", { label, value, unit, date: niceDate(days[i] ?? "") });
  }
  return t("progress.nothing", { label });
}

function Charts({ data, enrolments, zones }: { data: Data; enrolments: Enrolment[]; zones?: PainZones }) {
  const built = useMemo(() => {
    const days = [...new Set([...data.checkins.map((c) => c.date), ...data.sessions.map((s) => s.date)])].sort();
    const byDay = new Map(data.checkins.map((c) => [c.date, c]));
    const sessionsOn = (day: string) => data.sessions.filter((s) => s.date === day);
    const xs = days.map(seconds);
    const pain: SeriesSpec[] = [
      { label: t("progress.atRest"), color: ["--line-rest", "#1f5fa8"], values: days.map((d) => byDay.get(d)?.pain_rest ?? null) },
      { label: t("progress.morning"), color: ["--line-morning", "#6a3d9a"], values: days.map((d) => byDay.get(d)?.pain_morning ?? null) },
      { label: t("progress.during"), color: ["--line-during", "#c2410c"], values: days.map((d) => worst(sessionsOn(d).map((s) => s.pain_during))) },
      { label: t("progress.after"), color: ["--line-after", "#334155"], dash: [6, 4], values: days.map((d) => worst(sessionsOn(d).map((s) => s.pain_after))) },
    ];
    const sitting: SeriesSpec[] = [{ label: t("progress.sittingMin"), color: ["--line-sitting", "#0f5c4d"], values: days.map((d) => byDay.get(d)?.sitting_minutes ?? null) }];
    const first = days[0] ?? "";
    const markers: Marker[] = enrolments.flatMap((e) =>
      phaseStarts(e, data.transitions[e.id] ?? [], data.protocols[e.protocol]).filter((s) => s.date >= first).map((s) => ({ x: seconds(s.date), label: s.label })),
    );
    const painSummary = t("progress.painSummary", { latest: pain.map((s) => latest(s.label, days, s.values, "/10")).join(". ") });
    const sittingSummary = t("progress.sittingSummary", { latest: latest(t("progress.latestLabel"), days, sitting[0]?.values ?? [], t("progress.minutesUnit")) });
    return { days, xs, pain, sitting, markers, painSummary, sittingSummary };
  }, [data, enrolments]);

  if (!built.days.length) return <section class="card"><p>{t("progress.empty")}</p></section>;
  return (
    <>
      <figure class="card">
        <figcaption><h2>{t("progress.pain")}</h2><p class="small muted">{zones ? t("progress.painHint", zoneRanges(zones)) : t("progress.painScale")}</p></figcaption>
        <Chart xs={built.xs} series={built.pain} markers={built.markers} pain zones={zones} summary={built.painSummary} />
      </figure>
      <figure class="card">
        <figcaption><h2>{t("progress.sitting")}</h2><p class="small muted">{t("progress.sittingHint")}</p></figcaption>
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
    const all: SeriesSpec[] = [
      { label: "VISA-H", color: ["--line-visa", "#b36b00"], values: on("visa_h") },
      { label: "PHAT", color: ["--line-phat", "#8a4f7d"], dash: [6, 3], values: on("phat") },
    ];
    const series = all.filter((s) => s.values.some((v) => v !== null));
    const avulsion = enrolments.find((e) => e.protocol === "hamstring-avulsion");
    const summary = t("progress.scoresSummary", { latest: series.map((s) => latest(s.label, days, s.values, "/100")).join(". ") });
    // From the programme's start (or the first score) to today, so one score is not alone.
    const first = [...enrolments.map((e) => e.start_date), ...days].sort()[0] ?? localDate();
    const xRange: [number, number] = [seconds(first) - 86400, Math.max(seconds(localDate()), seconds(days[days.length - 1] ?? first)) + 86400];
    return { xs: days.map(seconds), series, references: cohortReferences(avulsion?.track), summary, xRange };
  }, [outcomes, enrolments]);
  if (!built.series.length) return null;
  return (
    <figure class="card">
      <figcaption>
        <h2>{t("progress.scores")}</h2>
        <p class="small muted">{t("progress.scoresHint")}{built.references.length > 0 && t("progress.cohort")}</p>
      </figcaption>
      <Chart xs={built.xs} series={built.series} markers={[]} pain={false} range={[0, 100]} xRange={built.xRange} references={built.references} summary={built.summary} />
    </figure>
  );
}

export function Progress({ enrolments, date, zones }: { enrolments: Enrolment[]; date: string; zones?: PainZones }) {
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    // The saved copy is drawn at once (as up to date until the server says otherwise), then
    // the server is asked; its answer replaces the copy only if it says something new. An
    // answer for enrolments or a day since replaced is dropped.
    let live = true;
    setError("");
    void load(enrolments, date, saved)
      .then((copy) => live && setData((shown) => shown ?? { ...copy, fresh: true }))
      .catch(() => undefined) // nothing saved yet: wait for the server
      .finally(() =>
        live &&
        load(enrolments, date).then(
          (next) => live && setData((shown) => (shown && sameData(shown, next) ? shown : next)),
          (e: Error) => live && setError(e.message),
        ),
      );
    return () => {
      live = false;
    };
  }, [enrolments, date]);

  // One array per enrolments list: a new one each render would redraw every chart.
  const active = useMemo(() => enrolments.filter((e) => e.status === "active"), [enrolments]);
  if (error && !data) return <><h1>{t("progress.title")}</h1><p class="card">{t("progress.needsInternet")} {error}</p></>;
  if (!data) return <><h1>{t("progress.title")}</h1><p class="loading" role="status">{t("app.loadingProgress")}</p></>;
  return (
    <>
      <h1>{t("progress.title")}</h1>
      {error ? <p class="notice" role="status">{t("app.notUpdated", { reason: error })}</p>
        : !data.fresh && <p class="notice" role="status">{t("progress.offline")}</p>}
      {active.map((e) => <GateCard key={e.id} enrolment={e} protocol={data.protocols[e.protocol]} />)}
      <Charts data={data} enrolments={active} zones={zones} />
      <Outcomes outcomes={data.outcomes} enrolments={active} />
      {active.map((e) => <Timeline key={e.id} enrolment={e} protocol={data.protocols[e.protocol]} transitions={data.transitions[e.id] ?? []} />)}
    </>
  );
}
