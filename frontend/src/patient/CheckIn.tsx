import { useState } from "preact/hooks";
import { enqueue, uuid, type OutboxItem } from "../offline/outbox";
import { PainScale } from "./PainScale";
import { SendState } from "./Pending";
import { RedFlagAdvice, RedFlagQuestions } from "./RedFlags";
import { go, niceDate, zone, ZONE_WORDS } from "./util";

type Props = {
  date: string;
  /** The check-in already made for `date`: from this phone's outbox, or "server" when only the server knows it. */
  existing: OutboxItem | "server" | null;
  loadTest: boolean; // the daily load test belongs to the tendinopathy programme
  operative: boolean;
};

const SITTING_CHOICES = [10, 20, 30, 45, 60, 90, 120, 180];
const SITTING_WORDS: Record<number, string> = { 60: "1 h", 90: "1½ h", 120: "2 h", 180: "3 h +" };

function Done({ item, date }: { item: OutboxItem | "server"; date: string }) {
  if (item === "server")
    return (
      <>
        <h1>Check-in</h1>
        <section class="card done"><p><strong>✓ Today's check-in ({niceDate(date)}) is done.</strong> Come back tomorrow.</p></section>
      </>
    );
  const b = item.body as Record<string, any>;
  const rows: [string, number | null][] = [["Pain at rest", b.pain_rest], ["Morning pain or stiffness", b.pain_morning], ["Load-test pain", b.load_test_pain]];
  return (
    <>
      <h1>Check-in saved</h1>
      <RedFlagAdvice keys={b.red_flags ?? []} sent={item.status === "sent"} />
      <section class="card">
        <h2>{niceDate(b.date)}</h2>
        <ul class="plain summary">
          {rows.filter(([, v]) => v !== null && v !== undefined).map(([label, v]) => (
            <li key={label}><span class={`dot z-${zone(v!)}`} aria-hidden="true" />{label}: <strong>{v}/10</strong> <span class="muted">({ZONE_WORDS[zone(v!)].split(":")[0]})</span></li>
          ))}
          {b.sitting_minutes !== null && <li>Sitting before pain starts: <strong>{b.sitting_minutes} min</strong></li>}
        </ul>
        <SendState item={item} />
      </section>
      <button type="button" class="primary wide" onClick={() => go("/")}>Back to today</button>
      {!(b.red_flags ?? []).length && <p class="disclaimer">This app supports your clinician and does not diagnose.</p>}
    </>
  );
}

export function CheckIn({ date, existing, loadTest, operative }: Props) {
  const [rest, setRest] = useState<number | null>(null);
  const [morning, setMorning] = useState<number | null>(null);
  const [test, setTest] = useState<number | null>(null);
  const [sitting, setSitting] = useState("");
  const [flags, setFlags] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  if (existing) return <Done item={existing} date={date} />;

  async function submit(event: Event) {
    event.preventDefault();
    setTried(true);
    if (rest === null || morning === null) {
      document.querySelector<HTMLElement>(".scale.invalid, fieldset.scale")?.scrollIntoView({ block: "center" });
      return;
    }
    setBusy(true);
    try {
      await enqueue("checkins", {
        id: uuid(),
        date,
        pain_rest: rest,
        pain_morning: morning,
        sitting_minutes: sitting === "" ? null : Math.min(600, Math.max(0, Math.round(Number(sitting)))),
        load_test_pain: loadTest ? test : null,
        red_flags: flags,
        note: note.trim(),
      });
      window.scrollTo(0, 0);
    } catch (e) {
      setError(`Could not save on this phone: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  const missing = "Choose a number from 0 to 10.";
  return (
    <form onSubmit={submit} class="stack" noValidate>
      <h1>Check-in <span class="muted light">{niceDate(date)}</span></h1>
      <PainScale name="pain_rest" legend="Pain at rest right now" value={rest} onChange={setRest} error={tried && rest === null ? missing : undefined} />
      <PainScale name="pain_morning" legend="Pain or stiffness when you woke up" value={morning} onChange={setMorning} error={tried && morning === null ? missing : undefined} />
      {loadTest && (
        <PainScale
          name="load_test_pain"
          legend="Load test (optional)"
          hint="Do 3 slow single-leg bridges on the sore side, feet close to your bottom. How much did it hurt?"
          value={test}
          onChange={setTest}
        />
      )}
      <fieldset class="sitting">
        <legend>How long can you sit before the pain starts?</legend>
        <div class="chips">
          {SITTING_CHOICES.map((m) => (
            <button key={m} type="button" class={`chip${sitting === String(m) ? " on" : ""}`} aria-pressed={sitting === String(m)} onClick={() => setSitting(String(m))}>
              {SITTING_WORDS[m] ?? `${m} min`}
            </button>
          ))}
        </div>
        <label class="field inline">
          Minutes (0-600)
          <input name="sitting_minutes" type="number" inputMode="numeric" min={0} max={600} step={5} value={sitting} onInput={(e) => setSitting((e.target as HTMLInputElement).value)} />
        </label>
      </fieldset>
      <RedFlagQuestions value={flags} onChange={setFlags} operative={operative} />
      <label class="field">
        Anything else for your physio? (optional)
        <textarea name="note" rows={2} maxLength={2000} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      </label>
      {tried && (rest === null || morning === null) && <p class="error" role="alert">Please rate your pain at rest and in the morning.</p>}
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary wide" disabled={busy}>Save check-in</button>
      <p class="disclaimer">This app supports your clinician and does not diagnose.</p>
    </form>
  );
}
