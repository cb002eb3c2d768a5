import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { t, tn } from "../i18n";
import { enqueue, uuid, type OutboxItem } from "../offline/outbox";
import { PainScale } from "./PainScale";
import type { Dose } from "./Timer";
import "./media.css";
import { SendState } from "./Pending";
import { protocolName } from "./Today";
import type { Prescribed, Today } from "./types";
import { dose, go, zone } from "./util";

type TimerProps = { dose: Dose; onDone: () => void; onClose: () => void };

/** The timer is its own chunk: only timed exercises need it. */
function LazyTimer(props: TimerProps) {
  const [View, setView] = useState<ComponentType<TimerProps> | null>(null);
  useEffect(() => {
    import("./Timer").then((m) => setView(() => m.Timer));
  }, []);
  return View ? <View {...props} /> : <p class="loading" role="status">{t("session.loadingTimer")}</p>;
}

/** The exercise's picture (drawn for this app) and the clinic's video link, if any. */
function Media({ rx }: { rx: Prescribed }) {
  const media = rx.exercise.media;
  if (!media?.image && !media?.video) return null;
  return (
    <div class="media">
      {media.image && <img src={media.image} alt={t("session.drawing", { name: rx.exercise.name })} width={320} height={200} loading="lazy" />}
      {media.video && <a href={media.video} target="_blank" rel="noopener noreferrer">{t("session.video")}</a>}
    </div>
  );
}

type Done = { sets: string; reps: string; hold_s: string; load_kg: string };

function startValues(rx: Prescribed): Done {
  const kg = /^\s*(\d+(?:\.\d+)?)\s*kg\s*$/i.exec(rx.load)?.[1] ?? "";
  return { sets: String(rx.sets ?? ""), reps: String(rx.reps ?? ""), hold_s: String(rx.hold_s ?? ""), load_kg: kg };
}

const num = (text: string) => (text.trim() === "" ? null : Number(text));

function NumberField(props: { label: string; value: string; onInput: (v: string) => void; min: number; max: number; decimal?: boolean }) {
  return (
    <label class="field mini">
      {props.label}
      <input type="number" inputMode={props.decimal ? "decimal" : "numeric"} min={props.min} max={props.max} step={props.decimal ? 0.5 : 1} value={props.value}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)} />
    </label>
  );
}

function ExerciseRow({ rx, done, onChange }: { rx: Prescribed; done: Done | undefined; onChange: (d: Done | undefined) => void }) {
  const set = (field: keyof Done) => (v: string) => onChange({ ...done!, [field]: v });
  const [timing, setTiming] = useState(false);
  return (
    <li class={`tick${done ? " on" : ""}`}>
      <label class="tick-label">
        <input type="checkbox" checked={!!done} onChange={(e) => onChange((e.target as HTMLInputElement).checked ? startValues(rx) : undefined)} />
        <span><strong>{rx.exercise.name}</strong><br /><span class="muted small">{[dose(rx), rx.load].filter(Boolean).join(" · ")}</span>
          {!!rx.adjusted?.length && <span class="adjusted">{t("plan.adjusted")}</span>}</span>
      </label>
      <Media rx={rx} />
      {rx.hold_s !== null && !timing && (
        <button type="button" class="secondary timer-open" onClick={() => setTiming(true)}>{t("session.startTimer")}</button>
      )}
      {rx.hold_s !== null && timing && (
        <LazyTimer dose={{ name: rx.exercise.name, sets: rx.sets ?? 1, hold_s: rx.hold_s, rest_s: rx.rest_s ?? 0 }}
          onDone={() => onChange(done ?? startValues(rx))} onClose={() => setTiming(false)} />
      )}
      {done && (
        <div class="dose-fields">
          <NumberField label={t("session.sets")} value={done.sets} onInput={set("sets")} min={1} max={20} />
          {(rx.reps !== null || rx.hold_s === null) && <NumberField label={t("session.reps")} value={done.reps} onInput={set("reps")} min={1} max={200} />}
          {rx.hold_s !== null && <NumberField label={t("session.hold")} value={done.hold_s} onInput={set("hold_s")} min={1} max={600} />}
          <NumberField label={t("session.load")} value={done.load_kg} onInput={set("load_kg")} min={0} max={500} decimal />
        </div>
      )}
    </li>
  );
}

type Props = { today: Today; date: string; sessionsToday: OutboxItem[] };

export function Session({ today, date, sessionsToday }: Props) {
  const enrolments = [...new Set(today.exercises.map((e) => e.enrolment))];
  const [enrolment, setEnrolment] = useState(enrolments[0]);
  const [done, setDone] = useState<Record<string, Done>>({});
  const [during, setDuring] = useState<number | null>(null);
  const [after, setAfter] = useState<number | null>(null);
  const [rpe, setRpe] = useState<number | null>(null);
  const [tried, setTried] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState("");

  // The zones of the programme this session belongs to.
  const zones = today.phases.find((p) => p.enrolment === enrolment)?.pain_zones ?? today.pain_zones;
  const savedItem = sessionsToday.find((i) => i.id === saved);
  if (savedItem) {
    const pain = savedItem.body.pain_during as number;
    const painZone = zones && zone(pain, zones);
    return (
      <>
        <h1>{t("session.saved")}</h1>
        <section class="card">
          <p>{t("session.painSummary", { during: pain, after: savedItem.body.pain_after as number })}</p>
          {zones && painZone === "red" && <p class="warn">{t("session.red", { n: zones.amber_max + 1 })} {pain >= 8 ? t("session.redAlerted") : t("session.redSeen")}</p>}
          {painZone === "amber" && <p class="warn">{t("session.amber")}</p>}
          <SendState item={savedItem} />
        </section>
        <button type="button" class="primary wide" onClick={() => go("/")}>{t("common.backToToday")}</button>
        <button type="button" class="secondary wide" onClick={() => { setSaved(null); setDone({}); setDuring(null); setAfter(null); setRpe(null); setTried(false); }}>{t("session.another")}</button>
        <p class="disclaimer">{t("common.disclaimer")}</p>
      </>
    );
  }
  if (!enrolments.length) return <><h1>{t("session.title")}</h1><p class="card">{t("session.none")}</p></>;

  const list = today.exercises.filter((e) => e.enrolment === enrolment);
  const loggedToday = sessionsToday.filter((i) => i.body.date === date && (i.status === "pending" || i.status === "sent")).length;
  // The exercises ticked, each with what was done.
  const ticked = list.flatMap((rx) => {
    const d = done[rx.exercise.key];
    return d ? [{ key: rx.exercise.key, d }] : [];
  });

  async function submit(event: Event) {
    event.preventDefault();
    setTried(true);
    if (!ticked.length || during === null || after === null) return;
    const id = uuid();
    try {
      await enqueue("sessions", {
        id, date, enrolment, pain_during: during, pain_after: after, rpe,
        exercises: ticked.map(({ key, d }) => ({ exercise: key, sets: num(d.sets), reps: num(d.reps), hold_s: num(d.hold_s), load_kg: num(d.load_kg) })),
      });
      setSaved(id);
      window.scrollTo(0, 0);
    } catch (e) {
      setError(t("common.notSaved", { reason: (e as Error).message }));
    }
  }

  const phaseName = (id: number) => {
    const p = today.phases.find((x) => x.enrolment === id);
    return p ? `${protocolName(p.protocol)}: ${p.phase.name}` : t("session.programmeN", { id });
  };
  return (
    <form onSubmit={submit} class="stack" noValidate>
      <h1>{t("session.title")}</h1>
      {loggedToday > 0 && <p class="notice">{tn("session.logged", loggedToday)}</p>}
      {enrolments.length > 1 && (
        <label class="field">
          {t("session.programme")}
          <select value={enrolment} onChange={(e) => { setEnrolment(Number((e.target as HTMLSelectElement).value)); setDone({}); }}>
            {enrolments.map((id) => <option key={id} value={id}>{phaseName(id)}</option>)}
          </select>
        </label>
      )}
      <fieldset>
        <legend>{t("session.tick")}</legend>
        <ul class="plain ticks">
          {list.map((rx) => (
            <ExerciseRow key={rx.exercise.key} rx={rx} done={done[rx.exercise.key]}
              onChange={(d) => setDone((all) => { const next = { ...all }; if (d) next[rx.exercise.key] = d; else delete next[rx.exercise.key]; return next; })} />
          ))}
        </ul>
        {tried && !ticked.length && <p class="error" role="alert">{t("session.tickOne")}</p>}
      </fieldset>
      <PainScale name="pain_during" legend={t("session.painDuring")} value={during} onChange={setDuring} zones={zones} error={tried && during === null ? t("scale.missing") : undefined} />
      <PainScale name="pain_after" legend={t("session.painAfter")} value={after} onChange={setAfter} zones={zones} error={tried && after === null ? t("scale.missing") : undefined} />
      <PainScale name="rpe" legend={t("session.effort")} value={rpe} onChange={setRpe} neutral />
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary wide">{t("session.save")}</button>
      <p class="disclaimer">{t("common.disclaimer")}</p>
    </form>
  );
}
