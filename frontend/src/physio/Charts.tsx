// The patient's course over time: pain, sitting, load test, adherence, strength, outcomes.
import { useEffect, useMemo, useState } from "preact/hooks";
import { align, type Logs, loadLogs, lsiByMethod, perDay, phaseMarkers, weeklyAdherence } from "./chartData";
import { LatestTests } from "./LatestTests";
import type { Story } from "./PatientDetail";
import { UChart } from "./UChart";
import { COHORT, cohortReferences } from "../charts/references";
import { dateSec, errorText, today } from "./util";
import { strictest, zoneRanges } from "../zones";

// Okabe-Ito colours: distinguishable with colour-blindness, dark enough on white.
const C = { blue: "#0072B2", orange: "#B36B00", vermillion: "#C0440A", green: "#007A5A", purple: "#8A4F7D", sky: "#2F7FA8", grey: "#444" };

export function Charts({ story, version }: { story: Story; version: number }) {
  const [logs, setLogs] = useState<Logs | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    let stale = false;
    loadLogs(story.patient.id)
      .then((l) => !stale && setLogs(l))
      .catch((e) => !stale && setError(errorText(e)));
    return () => { stale = true; };
  }, [story.patient.id, version]);

  const charts = useMemo(() => (logs ? build(story, logs) : null), [logs, story]);

  return (
    <section class="ph-card" aria-labelledby="charts-title">
      <h2 id="charts-title">Over time</h2>
      <p class="muted small">Dashed vertical lines mark programme starts and phase changes.</p>
      {error && <p class="ph-error" role="alert">{error}</p>}
      {!charts && !error && <p class="loading">Loading logs…</p>}
      {charts && <div class="ph-charts">{charts}</div>}
      {logs && <LatestTests measurements={logs.measurements} />}
    </section>
  );
}

function build(story: Story, logs: Logs) {
  const { checkins, sessions, runs, measurements } = logs;
  const markers = phaseMarkers(story);
  const dates = [
    ...story.enrolments.map((e) => e.start_date),
    ...checkins.map((c) => c.date), ...sessions.map((s) => s.date), ...measurements.map((m) => m.date),
  ].sort();
  const xRange: [number, number] = [dateSec(dates[0] ?? today()) - 86400, dateSec(today()) + 86400];
  const common = { xRange, markers };
  // The zones of the programmes running now (after discharge, of every one), as the report.
  const active = story.enrolments.filter((e) => e.status === "active");
  const zones = strictest((active.length ? active : story.enrolments).map((e) => e.pain_zones));
  const ranges = zones && zoneRanges(zones);
  const painTitle = ranges ? `Pain (0-10): green ${ranges.green}, amber ${ranges.amber}, red ${ranges.red}` : "Pain (0-10)";
  const line = (label: string, color: string, extra: { dash?: number[]; sparse?: boolean } = {}) => ({ label, color, ...extra });

  const pain = align([
    { line: line("At rest", C.blue), byDate: perDay(checkins, (c) => c.pain_rest) },
    { line: line("Morning", C.orange, { dash: [6, 3] }), byDate: perDay(checkins, (c) => c.pain_morning) },
    { line: line("During exercise (worst)", C.vermillion, { sparse: true }), byDate: perDay(sessions, (s) => s.pain_during) },
    { line: line("After exercise (worst)", C.green, { dash: [2, 3], sparse: true }), byDate: perDay(sessions, (s) => s.pain_after) },
    { line: line("During run", C.purple, { sparse: true }), byDate: perDay(runs, (r) => r.pain_during) },
    { line: line("After run", C.sky, { dash: [2, 3], sparse: true }), byDate: perDay(runs, (r) => r.pain_after) },
  ]);
  const measure = (key: string) => perDay(measurements.filter((m) => m.key === key), (m) => m.value, false);

  const injured = story.enrolments.find((e) => e.protocol !== "return-to-run")?.side ?? story.enrolments[0]?.side ?? null;
  const lsi = lsiByMethod(measurements, injured);
  const strength = align(Object.entries(lsi).map(([method, byDate], i) => ({
    line: line(`Knee-flexion LSI (${method === "10rm" ? "10RM" : method})`, [C.blue, C.vermillion, C.green][i % 3] ?? C.grey, { sparse: true }),
    byDate,
  })));

  const avulsion = story.enrolments.find((e) => e.protocol === "hamstring-avulsion" && COHORT[e.track]);
  const cohort = avulsion ? COHORT[avulsion.track] : null;
  const references = cohortReferences(avulsion?.track);

  return [
    <UChart key="pain" title={painTitle} spec={pain} yRange={[0, 10]} unit="/10" zones={zones} {...common} />,
    <UChart key="sitting" title="Sitting tolerance (minutes before pain)" unit=" min" {...common}
      spec={align([{ line: line("Sitting minutes", C.blue), byDate: perDay(checkins, (c) => c.sitting_minutes) }])}
      yRange={[0, Math.max(60, ...checkins.map((c) => c.sitting_minutes ?? 0)) + 10]} />,
    <UChart key="load" title="Load-test pain (3 single-leg bridges, 0-10)" unit="/10" zones={zones} yRange={[0, 10]} {...common}
      spec={align([{ line: line("Load-test pain", C.vermillion), byDate: perDay(checkins, (c) => c.load_test_pain) }])} />,
    <UChart key="adherence" title="Weekly adherence (sessions done / prescribed)" unit="%" yRange={[0, 100]} {...common}
      spec={align([{ line: line("Adherence", C.green, { sparse: true }), byDate: weeklyAdherence(story, sessions) }])} />,
    <UChart key="lsi" title="Strength: knee-flexion LSI (injured / uninjured × 100)" unit="%" spec={strength} {...common}
      yRange={[0, Math.max(120, ...strength.lines.flatMap((l) => l.values.map((v) => v ?? 0)))]}
      note={`Injured side: ${injured ?? "unknown"}. Computed from both sides tested the same day with the same method.`} />,
    <UChart key="outcomes" title="Outcome scores: PHAT and VISA-H (0-100, higher is better)" yRange={[0, 100]} references={references} {...common}
      spec={align([
        { line: line("PHAT", C.purple, { sparse: true }), byDate: measure("phat") },
        { line: line("VISA-H", C.orange, { sparse: true, dash: [6, 3] }), byDate: measure("visa_h") },
      ])}
      note={cohort
        ? `Grey band and dashed lines: PHAT in the van der Made et al. 2022 cohort (BJSM 56:340), ${cohort.words} track, n = ${cohort.n}: ${cohort.mean} ± ${cohort.sd} at baseline, 80 at one year. A reference for context, not a target; not generalisable to elite athletes.`
        : "The van der Made 2022 cohort reference is shown for patients on the avulsion protocol."} />,
  ];
}
