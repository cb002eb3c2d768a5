// Turns a patient's logs and measurements into chart series over calendar days.
import type { Story } from "./PatientDetail";
import type { CheckIn, Enrolment, Measurement, Run, Session, Transition } from "./types";
import { dateSec, dayOf, fetchAll, today } from "./util";

export type Logs = { checkins: CheckIn[]; sessions: Session[]; runs: Run[]; measurements: Measurement[] };
export type Marker = { x: number; label: string };
export type Line = { label: string; values: (number | null)[]; color: string; dash?: number[]; sparse?: boolean };
export type ChartSpec = { xs: number[]; lines: Line[] };

export async function loadLogs(patientId: number): Promise<Logs> {
  const q = `?patient=${patientId}`;
  const [checkins, sessions, runs, measurements] = await Promise.all([
    fetchAll<CheckIn>(`checkins/${q}`),
    fetchAll<Session>(`sessions/${q}`),
    fetchAll<Run>(`runs/${q}`),
    fetchAll<Measurement>(`measurements/${q}`),
  ]);
  return { checkins, sessions, runs, measurements };
}

/** Aligns per-date values of several series on one sorted x axis (seconds). */
export function align(series: { line: Omit<Line, "values">; byDate: Map<string, number> }[]): ChartSpec {
  const dates = [...new Set(series.flatMap((s) => [...s.byDate.keys()]))].sort();
  return {
    xs: dates.map(dateSec),
    lines: series
      .filter((s) => s.byDate.size > 0)
      .map((s) => ({ ...s.line, values: dates.map((d) => s.byDate.get(d) ?? null) })),
  };
}

/** The value of a field per date; `worst` keeps the highest of several records a day. */
export function perDay<T extends { date: string }>(rows: T[], field: (row: T) => number | null, worst = true) {
  const out = new Map<string, number>();
  for (const row of rows) {
    const value = field(row);
    if (value === null || value === undefined) continue;
    const had = out.get(row.date);
    out.set(row.date, had === undefined ? value : worst ? Math.max(had, value) : value);
  }
  return out;
}

/** When a transition took effect: decided for reviews, created for automatic moves. */
const effective = (t: Transition) => dayOf(t.decided_at ?? t.created_at);
const moved = (t: Transition) => (t.status === "approved" || t.status === "applied") && t.to_phase && t.to_phase !== t.from_phase;

/** Vertical markers: each programme's start and every phase change. */
export function phaseMarkers(story: Story): Marker[] {
  const markers: Marker[] = [];
  for (const e of story.enrolments) {
    const phases = story.protocols[e.protocol]?.phases ?? [];
    const name = (key: string | null) => phases.find((p) => p.key === key)?.name ?? key ?? "";
    const changes = (story.transitions[e.id] ?? []).filter(moved);
    markers.push({ x: dateSec(e.start_date), label: `Start: ${name(changes[0]?.from_phase ?? e.current_phase.key)}` });
    for (const t of changes) markers.push({ x: dateSec(effective(t)), label: name(t.to_phase) });
    if (!changes.length && e.phase_started_on !== e.start_date) {
      markers.push({ x: dateSec(e.phase_started_on), label: e.current_phase.name });
    }
  }
  return markers.sort((a, b) => a.x - b.x);
}

/** Which phase an enrolment was in on a date, from its history. */
function phaseOn(e: Enrolment, history: Transition[], date: string): string {
  const changes = history.filter(moved).sort((a, b) => effective(a).localeCompare(effective(b)));
  let phase = changes[0]?.from_phase ?? e.current_phase.key;
  for (const t of changes) if (effective(t) <= date) phase = t.to_phase as string;
  return phase;
}

const shift = (date: string, days: number) => new Date((dateSec(date) + days * 86400) * 1000).toISOString().slice(0, 10);

/** Sessions done / prescribed per 7-day week ending today, back to the first programme start. */
export function weeklyAdherence(story: Story, sessions: Session[]): Map<string, number> {
  const out = new Map<string, number>();
  const loading = story.enrolments.filter((e) => e.protocol !== "return-to-run");
  const [first] = loading.map((e) => e.start_date).sort();
  if (!first) return out;
  for (let end = today(); end >= shift(first, 6); end = shift(end, -7)) {
    const start = shift(end, -6);
    let planned = 0;
    let done = 0;
    for (const e of loading) {
      if (e.start_date > end) continue;
      const key = phaseOn(e, story.transitions[e.id] ?? [], end);
      const phase = story.protocols[e.protocol]?.phases.find((p) => p.key === key);
      planned += Math.max(0, ...(phase?.prescriptions ?? []).map((rx) => rx.sessions_per_week ?? 0));
      done += sessions.filter((s) => s.enrolment === e.id && s.date >= start && s.date <= end).length;
    }
    if (planned > 0) out.set(end, Math.round(Math.min(done / planned, 1) * 100));
  }
  return out;
}

/** Knee-flexion LSI per date and method: recorded as a % or computed from both sides. */
export function lsiByMethod(measurements: Measurement[], injuredSide: string | null) {
  const byMethod: Record<string, Map<string, number>> = {};
  const strength = measurements.filter((m) => m.key === "knee_flexion_lsi");
  const groups = new Map<string, { date: string; method: string; rows: Measurement[] }>();
  for (const m of strength) {
    const method = m.method || "unspecified";
    const k = `${m.date}|${method}`;
    const group = groups.get(k) ?? { date: m.date, method, rows: [] };
    group.rows.push(m);
    groups.set(k, group);
  }
  for (const { date, method, rows } of groups.values()) {
    const direct = rows.find((m) => !m.side);
    const injured = rows.find((m) => m.side === injuredSide);
    const other = rows.find((m) => m.side && m.side !== injuredSide);
    const lsi = direct ? direct.value : injured && other && other.value > 0 ? (injured.value / other.value) * 100 : null;
    if (lsi === null) continue;
    (byMethod[method] ??= new Map()).set(date, Math.round(lsi * 10) / 10);
  }
  return byMethod;
}
