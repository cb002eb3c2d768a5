// My history: the patient's own check-ins, sessions and runs by week, a weekly goal and a
// check-in streak worded to encourage (never "failed", never red), and corrections within
// 24 hours of entry. The server keeps the original in the audit trail and shows the
// physio what changed; a red-flag answer taken back as "entered in error" stays on record
// and the physio is told.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, dayAt } from "../api";
import { formatDateTime, t, tn } from "../i18n";
import { allPages, cachedGet } from "../offline/cache";
import { dismiss, errorWords } from "../offline/outbox";
import { useOnline } from "../offline/useOutbox";
import { FLAGS, flagQuestion } from "./RedFlags";
import type { components } from "../api/schema";
import type { Today } from "./types";
import { localDate, niceDate } from "./util";
import "./history.css";

export const CORRECTION_HOURS = 24;
const WEEKS_SHOWN = 8;

type Base = {
  id: string;
  date: string;
  created_at: string;
  updated_at: string;
  correction: components["schemas"]["Correction"] | null;
};
type CheckInLog = Base & { pain_rest: number; pain_morning: number; sitting_minutes: number | null; load_test_pain: number | null; red_flags: string[] };
type SessionLog = Base & { enrolment: number; pain_during: number; pain_after: number; rpe: number | null };
type RunLog = Base & { level: number; run_min: string | number; walk_min: string | number; pain_during: number; pain_after: number; limp: boolean };
type Entry =
  | { kind: "checkins"; log: CheckInLog }
  | { kind: "sessions"; log: SessionLog }
  | { kind: "runs"; log: RunLog };

/** Monday of the ISO week of a YYYY-MM-DD date, as YYYY-MM-DD. */
export function weekOf(iso: string): string {
  const day = dayAt(iso);
  day.setDate(day.getDate() - ((day.getDay() + 6) % 7));
  return localDate(day);
}

/** Check-ins on consecutive dates up to today; today not done yet does not break it. */
export function streak(dates: string[], today: string): number {
  const have = new Set(dates);
  const day = dayAt(today);
  if (!have.has(today)) day.setDate(day.getDate() - 1);
  let n = 0;
  while (have.has(localDate(day))) {
    n++;
    day.setDate(day.getDate() - 1);
  }
  return n;
}

/** Planned exercise sessions a week: per programme, the most any of its exercises asks. */
export function weeklyTarget(today: Today): number {
  const per = new Map<number, number>();
  for (const rx of today.exercises) per.set(rx.enrolment, Math.max(per.get(rx.enrolment) ?? 0, Math.ceil(rx.sessions_per_week)));
  return [...per.values()].reduce((a, b) => a + b, 0);
}

export const correctable = (log: Base, now = Date.now()) => now - Date.parse(log.created_at) < CORRECTION_HOURS * 3600 * 1000;
// The server says what was corrected (from the audit trail), however soon after entry.
const corrected = (log: Base) => log.correction != null;

function Goal({ sessionsThisWeek, target, streakDays }: { sessionsThisWeek: number; target: number; streakDays: number }) {
  return (
    <section class="card goal" aria-labelledby="goal-title">
      <h2 id="goal-title">{t("history.goalTitle")}</h2>
      {target > 0 && (
        <>
          <p class="goal-count">{t("history.sessionsOfTarget", { done: sessionsThisWeek, target })}</p>
          <div class="goal-bar" role="img" aria-label={t("history.sessionsOfTarget", { done: sessionsThisWeek, target })}>
            {Array.from({ length: Math.max(target, sessionsThisWeek) }, (_, i) => <span key={i} class={i < sessionsThisWeek ? "filled" : ""} />)}
          </div>
          <p class="muted small">{sessionsThisWeek >= target ? t("history.goalReached") : t("history.goalOpen")}</p>
        </>
      )}
      <p>{streakDays >= 2 ? tn("history.streak", streakDays) : t("history.streakStart")}</p>
    </section>
  );
}

function summary(entry: Entry): string {
  if (entry.kind === "checkins") {
    const c = entry.log;
    const parts = [t("history.restMorning", { rest: c.pain_rest, morning: c.pain_morning })];
    if (c.load_test_pain !== null) parts.push(t("history.loadTest", { n: c.load_test_pain }));
    if (c.sitting_minutes !== null) parts.push(t("history.sitting", { n: c.sitting_minutes }));
    return parts.join(" · ");
  }
  if (entry.kind === "sessions") return t("history.duringAfter", { during: entry.log.pain_during, after: entry.log.pain_after });
  const r = entry.log;
  return [t("history.runLevel", { level: r.level }), t("history.duringAfter", { during: r.pain_during, after: r.pain_after }), r.limp ? t("history.limp") : ""].filter(Boolean).join(" · ");
}

const KIND_WORDS = { checkins: "history.checkin", sessions: "history.session", runs: "history.run" } as const;

function PainSelect({ id, label, value, onChange }: { id: string; label: string; value: number; onChange: (n: number) => void }) {
  return (
    <div class="field inline">
      <label for={id}>{label}</label>
      <select id={id} value={String(value)} onChange={(e) => onChange(Number((e.target as HTMLSelectElement).value))}>
        {Array.from({ length: 11 }, (_, n) => <option key={n} value={n}>{n}</option>)}
      </select>
    </div>
  );
}

/** The correction form: only the values a mis-tap changes, sent as a PATCH. */
function Correct({ entry, onSaved, onCancel }: { entry: Entry; onSaved: (log: any) => void; onCancel: () => void }) {
  const [values, setValues] = useState<Record<string, any>>({ ...entry.log });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const set = (field: string) => (value: unknown) => setValues({ ...values, [field]: value });
  const prefix = `fix-${entry.log.id}`;
  const fields: [string, string][] =
    entry.kind === "checkins"
      ? [["pain_rest", t("checkin.painRest")], ["pain_morning", t("checkin.painMorning")], ...(entry.log.load_test_pain !== null ? [["load_test_pain", t("checkin.loadTestPain")] as [string, string]] : [])]
      : [["pain_during", t("history.painDuring")], ["pain_after", t("history.painAfter")]];
  const original = entry.log as Record<string, any>;

  async function save(event: Event) {
    event.preventDefault();
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => JSON.stringify(original[k]) !== JSON.stringify(v)));
    if (!Object.keys(changed).length) return onCancel();
    setBusy(true);
    setError("");
    try {
      onSaved(await api(`${entry.kind}/${entry.log.id}/`, { method: "PATCH", body: changed }));
    } catch (e) {
      setError(e instanceof ApiError ? errorWords(e.body, e.status) : t("history.offline"));
    } finally {
      setBusy(false);
    }
  }

  const flags: string[] = entry.kind === "checkins" ? entry.log.red_flags : [];
  return (
    <form class="correct" onSubmit={save} aria-label={t("history.correctTitle")}>
      {fields.map(([field, label]) => <PainSelect key={field} id={`${prefix}-${field}`} label={label} value={values[field]} onChange={set(field)} />)}
      {entry.kind === "checkins" && (
        <div class="field inline">
          <label for={`${prefix}-sitting`}>{t("history.sittingLabel")}</label>
          <input id={`${prefix}-sitting`} type="number" inputMode="numeric" min={0} max={600} value={values.sitting_minutes ?? ""}
            onInput={(e) => { const v = (e.target as HTMLInputElement).value; set("sitting_minutes")(v === "" ? null : Number(v)); }} />
        </div>
      )}
      {entry.kind === "runs" && (
        <label class="check"><input type="checkbox" checked={values.limp} onChange={(e) => set("limp")((e.target as HTMLInputElement).checked)} /> {t("history.limpLabel")}</label>
      )}
      {flags.length > 0 && (
        <fieldset class="flags-withdraw">
          <legend>{t("history.flagsTitle")}</legend>
          <p class="hint">{t("history.flagsHint")}</p>
          {flags.map((key) => {
            const flag = FLAGS.find((f) => f.key === key);
            const question = flag ? flagQuestion(flag) : key;
            const withdrawn = !(values.red_flags as string[]).includes(key);
            return (
              <label key={key} class="check">
                <input type="checkbox" checked={withdrawn}
                  onChange={(e) => set("red_flags")((e.target as HTMLInputElement).checked ? values.red_flags.filter((k: string) => k !== key) : [...values.red_flags, key])} />
                {" "}{t("history.enteredInError")}: <span class="small">{question}</span>
              </label>
            );
          })}
        </fieldset>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>{busy ? t("history.saving") : t("history.saveCorrection")}</button>
        <button type="button" onClick={onCancel}>{t("history.cancel")}</button>
      </div>
    </form>
  );
}

/** Deleting a log, asked once more: the log leaves the record the app and the gates read
 * (kept on the server and shown to the physio as deleted, PROTOCOLS.md 9.5). */
function Delete({ entry, onDeleted, onCancel }: { entry: Entry; onDeleted: () => void; onCancel: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const keep = useRef<HTMLButtonElement>(null);
  const asked = `ask-${entry.log.id}`;
  useEffect(() => keep.current?.focus(), []); // the safe answer first
  async function remove() {
    setBusy(true);
    setError("");
    try {
      await api(`${entry.kind}/${entry.log.id}/`, { method: "DELETE" });
      onDeleted();
    } catch (e) {
      // Already gone (deleted on another phone, or an answer lost on the way): as asked.
      if (e instanceof ApiError && e.status === 404) return onDeleted();
      setError(e instanceof ApiError ? errorWords(e.body, e.status) : t("history.offline"));
      setBusy(false);
    }
  }
  return (
    <div class="correct" role="group" aria-labelledby={asked}>
      <p id={asked}>{t("history.deleteAsk")}</p>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="row">
        <button type="button" class="danger" disabled={busy} onClick={remove}>{busy ? t("history.deleting") : t("history.deleteYes")}</button>
        <button type="button" ref={keep} onClick={onCancel}>{t("history.deleteNo")}</button>
      </div>
    </div>
  );
}

type RowProps = { entry: Entry; onSaved: (entry: Entry) => void; onDeleted: (entry: Entry) => void; online: boolean };

function Row({ entry, onSaved, onDeleted, online }: RowProps) {
  const [mode, setMode] = useState<"show" | "correct" | "delete">("show");
  const deleteButton = useRef<HTMLButtonElement>(null);
  const keepIt = () => {
    setMode("show");
    setTimeout(() => deleteButton.current?.focus()); // back where the patient was
  };
  const log = entry.log;
  const flags = entry.kind === "checkins" ? entry.log.red_flags : [];
  const what = <span class="sr-only"> {t(KIND_WORDS[entry.kind])} {niceDate(log.date)}</span>;
  return (
    <li class="log-row" data-log={log.id}>
      <p>
        <strong>{t(KIND_WORDS[entry.kind])}</strong> · {niceDate(log.date)}
        {corrected(log) && <span class="badge">{t("history.corrected")}</span>}
      </p>
      <p class="small">{summary(entry)}</p>
      {flags.length > 0 && <p class="small">{t("history.flagsAnswered", { n: flags.length })}</p>}
      {mode === "correct" ? (
        <Correct entry={entry} onCancel={() => setMode("show")}
          onSaved={(saved) => { setMode("show"); onSaved({ ...entry, log: saved } as Entry); }} />
      ) : mode === "delete" ? (
        <Delete entry={entry} onCancel={keepIt} onDeleted={() => onDeleted(entry)} />
      ) : correctable(log) ? (
        online ? (
          <p class="small">
            <button type="button" class="link-button" onClick={() => setMode("correct")}>{t("history.correct")}{what}</button>{" "}
            <button type="button" class="link-button" ref={deleteButton} onClick={() => setMode("delete")}>{t("history.delete")}{what}</button>{" "}
            <span class="muted">{t("history.until", { time: formatDateTime(new Date(Date.parse(log.created_at) + CORRECTION_HOURS * 3600 * 1000).toISOString(), { weekday: "short", hour: "2-digit", minute: "2-digit" }) })}</span>
          </p>
        ) : (
          <p class="muted small">{t("history.correctOnline")}</p>
        )
      ) : null}
    </li>
  );
}

export function History({ today, date }: { today: Today; date: string }) {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [problem, setProblem] = useState("");
  const [deleted, setDeleted] = useState("");
  const status = useRef<HTMLParagraphElement>(null);
  const online = useOnline();

  useEffect(() => {
    const from = weekOf(localDate(dayAt(date, -7 * (WEEKS_SHOWN - 1))));
    Promise.all([
      cachedGet("history:checkins", () => allPages<CheckInLog>(`checkins/?from=${from}`)),
      cachedGet("history:sessions", () => allPages<SessionLog>(`sessions/?from=${from}`)),
      cachedGet("history:runs", () => allPages<RunLog>(`runs/?from=${from}`)),
    ]).then(([c, s, r]) => {
      setEntries([
        ...c.data.map((log) => ({ kind: "checkins", log }) as Entry),
        ...s.data.map((log) => ({ kind: "sessions", log }) as Entry),
        ...r.data.map((log) => ({ kind: "runs", log }) as Entry),
      ]);
    }, (e) => setProblem((e as Error).message || t("history.failed")));
  }, [date]);

  if (!entries) return problem ? <p class="card error" role="alert">{problem}</p> : <p class="loading" role="status">{t("history.loading")}</p>;

  const sorted = [...entries].sort((a, b) => b.log.date.localeCompare(a.log.date) || b.log.created_at.localeCompare(a.log.created_at));
  const weeks = new Map<string, Entry[]>();
  for (const entry of sorted) {
    const week = weekOf(entry.log.date);
    weeks.set(week, [...(weeks.get(week) ?? []), entry]);
  }
  const thisWeek = weekOf(date);
  const sessionsThisWeek = (weeks.get(thisWeek) ?? []).filter((e) => e.kind === "sessions").length;
  // From the list as it is when the answer comes (two rows may be changing at once).
  const replace = (saved: Entry) => setEntries((now) => now && now.map((e) => (e.log.id === saved.log.id ? saved : e)));
  const remove = (gone: Entry) => {
    setEntries((now) => now && now.filter((e) => e.log.id !== gone.log.id));
    setDeleted(t("history.deleted", { what: t(KIND_WORDS[gone.kind]), date: niceDate(gone.log.date) }));
    setTimeout(() => status.current?.focus()); // the row and its buttons are gone
    void dismiss(gone.log.id); // logged on this phone: its "sent" copy no longer counts today
    window.dispatchEvent(new Event("app:logs-changed")); // Today, goals and gates may read it
  };

  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title">{t("history.title")}</h1>
      <Goal sessionsThisWeek={sessionsThisWeek} target={weeklyTarget(today)}
        streakDays={streak(entries.filter((e) => e.kind === "checkins").map((e) => e.log.date), date)} />
      <p class="muted small">{t("history.correctionRule")}</p>
      {/* Always there, so a screen reader hears the first message too; empty until then. */}
      <p class={deleted ? "notice" : undefined} role="status" tabIndex={-1} ref={status}>{deleted}</p>
      {weeks.size === 0 && <p class="card">{t("history.empty")}</p>}
      {[...weeks.entries()].map(([week, rows]) => {
        const sessions = rows.filter((e) => e.kind === "sessions").length;
        const checkins = rows.filter((e) => e.kind === "checkins").length;
        return (
          <section key={week} class="card week" aria-labelledby={`week-${week}`}>
            <h2 id={`week-${week}`}>{week === thisWeek ? t("history.thisWeekHeading") : t("history.weekOf", { date: niceDate(week) })}</h2>
            <p class="muted small">{tn("history.checkins", checkins)} · {tn("history.sessions", sessions)}</p>
            <ul class="plain logs">{rows.map((entry) => <Row key={entry.log.id} entry={entry} onSaved={replace} onDeleted={remove} online={online} />)}</ul>
          </section>
        );
      })}
      <p class="disclaimer">{t("common.disclaimer")}</p>
    </section>
  );
}
