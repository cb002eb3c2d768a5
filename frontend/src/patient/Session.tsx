import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { enqueue, uuid, type OutboxItem } from "../offline/outbox";
import { PainScale } from "./PainScale";
import type { Dose } from "./Timer";
import "./media.css";
import { SendState } from "./Pending";
import { PROTOCOL_NAMES } from "./Today";
import type { Prescribed, Today } from "./types";
import { dose, go, zone } from "./util";

type TimerProps = { dose: Dose; onDone: () => void; onClose: () => void };

/** The timer is its own chunk: only timed exercises need it. */
function LazyTimer(props: TimerProps) {
  const [View, setView] = useState<ComponentType<TimerProps> | null>(null);
  useEffect(() => {
    import("./Timer").then((m) => setView(() => m.Timer));
  }, []);
  return View ? <View {...props} /> : <p class="loading" role="status">Loading the timer…</p>;
}

/** The exercise's picture (drawn for this app) and the clinic's video link, if any. */
function Media({ rx }: { rx: Prescribed }) {
  const media = rx.exercise.media;
  if (!media?.image && !media?.video) return null;
  return (
    <div class="media">
      {media.image && <img src={media.image} alt={`Drawing: ${rx.exercise.name}`} width={320} height={200} loading="lazy" />}
      {media.video && <a href={media.video} target="_blank" rel="noopener noreferrer">Watch your clinic's video</a>}
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
        <span><strong>{rx.exercise.name}</strong><br /><span class="muted small">{[dose(rx), rx.load].filter(Boolean).join(" · ")}</span></span>
      </label>
      <Media rx={rx} />
      {rx.hold_s !== null && !timing && (
        <button type="button" class="secondary timer-open" onClick={() => setTiming(true)}>Start the hold timer</button>
      )}
      {rx.hold_s !== null && timing && (
        <LazyTimer dose={{ name: rx.exercise.name, sets: rx.sets ?? 1, hold_s: rx.hold_s, rest_s: rx.rest_s ?? 0 }}
          onDone={() => onChange(done ?? startValues(rx))} onClose={() => setTiming(false)} />
      )}
      {done && (
        <div class="dose-fields">
          <NumberField label="Sets" value={done.sets} onInput={set("sets")} min={1} max={20} />
          {(rx.reps !== null || rx.hold_s === null) && <NumberField label="Reps" value={done.reps} onInput={set("reps")} min={1} max={200} />}
          {rx.hold_s !== null && <NumberField label="Hold (s)" value={done.hold_s} onInput={set("hold_s")} min={1} max={600} />}
          <NumberField label="Load (kg)" value={done.load_kg} onInput={set("load_kg")} min={0} max={500} decimal />
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

  const savedItem = sessionsToday.find((i) => i.id === saved);
  if (savedItem) {
    const pain = savedItem.body.pain_during as number;
    return (
      <>
        <h1>Session saved</h1>
        <section class="card">
          <p>Pain during: <strong>{pain}/10</strong>, after: <strong>{savedItem.body.pain_after as number}/10</strong>.</p>
          {zone(pain) === "red" && <p class="warn">Pain of 6 or more is in the red zone: ease off next time. {pain >= 8 ? "Your physio is alerted when this is sent." : "Your physio will see it."}</p>}
          {zone(pain) === "amber" && <p class="warn">Amber: keep the same load for now; do not add more yet.</p>}
          <SendState item={savedItem} />
        </section>
        <button type="button" class="primary wide" onClick={() => go("/")}>Back to today</button>
        <button type="button" class="secondary wide" onClick={() => { setSaved(null); setDone({}); setDuring(null); setAfter(null); setRpe(null); setTried(false); }}>Log another session</button>
        <p class="disclaimer">This app supports your clinician and does not diagnose.</p>
      </>
    );
  }
  if (!enrolments.length) return <><h1>Exercises</h1><p class="card">No exercises are prescribed for you right now.</p></>;

  const list = today.exercises.filter((e) => e.enrolment === enrolment);
  const loggedToday = sessionsToday.filter((i) => i.body.date === date && (i.status === "pending" || i.status === "sent")).length;
  const ticked = list.filter((rx) => done[rx.exercise.key]);

  async function submit(event: Event) {
    event.preventDefault();
    setTried(true);
    if (!ticked.length || during === null || after === null) return;
    const id = uuid();
    try {
      await enqueue("sessions", {
        id, date, enrolment, pain_during: during, pain_after: after, rpe,
        exercises: ticked.map((rx) => {
          const d = done[rx.exercise.key];
          return { exercise: rx.exercise.key, sets: num(d.sets), reps: num(d.reps), hold_s: num(d.hold_s), load_kg: num(d.load_kg) };
        }),
      });
      setSaved(id);
      window.scrollTo(0, 0);
    } catch (e) {
      setError(`Could not save on this phone: ${(e as Error).message}`);
    }
  }

  const phaseName = (id: number) => {
    const p = today.phases.find((x) => x.enrolment === id);
    return p ? `${PROTOCOL_NAMES[p.protocol] ?? p.protocol}: ${p.phase.name}` : `Programme ${id}`;
  };
  return (
    <form onSubmit={submit} class="stack" noValidate>
      <h1>Exercises</h1>
      {loggedToday > 0 && <p class="notice">You logged {loggedToday === 1 ? "1 session" : `${loggedToday} sessions`} today. Log another only if you exercised again.</p>}
      {enrolments.length > 1 && (
        <label class="field">
          Programme
          <select value={enrolment} onChange={(e) => { setEnrolment(Number((e.target as HTMLSelectElement).value)); setDone({}); }}>
            {enrolments.map((id) => <option key={id} value={id}>{phaseName(id)}</option>)}
          </select>
        </label>
      )}
      <fieldset>
        <legend>Tick what you did today</legend>
        <ul class="plain ticks">
          {list.map((rx) => (
            <ExerciseRow key={rx.exercise.key} rx={rx} done={done[rx.exercise.key]}
              onChange={(d) => setDone((all) => { const next = { ...all }; if (d) next[rx.exercise.key] = d; else delete next[rx.exercise.key]; return next; })} />
          ))}
        </ul>
        {tried && !ticked.length && <p class="error" role="alert">Tick at least one exercise.</p>}
      </fieldset>
      <PainScale name="pain_during" legend="Worst pain during the exercises" value={during} onChange={setDuring} error={tried && during === null ? "Choose a number from 0 to 10." : undefined} />
      <PainScale name="pain_after" legend="Pain after the exercises" value={after} onChange={setAfter} error={tried && after === null ? "Choose a number from 0 to 10." : undefined} />
      <PainScale name="rpe" legend="How hard was it? (effort, optional)" value={rpe} onChange={setRpe} neutral />
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary wide">Save session</button>
      <p class="disclaimer">This app supports your clinician and does not diagnose.</p>
    </form>
  );
}
