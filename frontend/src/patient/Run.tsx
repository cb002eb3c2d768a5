import { useState } from "preact/hooks";
import { enqueue, uuid, type OutboxItem } from "../offline/outbox";
import { PainScale } from "./PainScale";
import { SendState } from "./Pending";
import { RunPlanView } from "./RunPlan";
import type { Today } from "./types";
import { go, zone } from "./util";

type Props = { today: Today; date: string; runs: OutboxItem[] };

export function Run({ today, date, runs }: Props) {
  const phase = today.phases.find((p) => p.phase.run_plan);
  const plan = phase?.phase.run_plan;
  const level = today.next_run_level ?? (phase ? phase.phase.index + 1 : 1);
  const [runMin, setRunMin] = useState(plan ? String(plan.repeats * plan.run_min) : "");
  const [walkMin, setWalkMin] = useState(plan ? String(plan.repeats * plan.walk_min) : "0");
  const [during, setDuring] = useState<number | null>(null);
  const [after, setAfter] = useState<number | null>(null);
  const [limp, setLimp] = useState<boolean | null>(null);
  const [tried, setTried] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState("");

  if (!phase || !plan) {
    return <><h1>Run</h1><section class="card"><p>You are not on the return-to-run plan yet. Your physio starts it when you are ready.</p></section></>;
  }
  const savedItem = runs.find((r) => r.id === saved);
  if (savedItem) {
    const b = savedItem.body as Record<string, any>;
    return (
      <>
        <h1>Run saved</h1>
        <section class="card">
          <p>Level {b.level}: ran {b.run_min} min, walked {b.walk_min} min. Pain during {b.pain_during}/10, after {b.pain_after}/10{b.limp ? ", with a limp" : ""}.</p>
          {(b.limp || zone(Math.max(b.pain_during, b.pain_after)) !== "green") && (
            <p class="warn">Pain above 3 or a limp means this level is not ready to move on. Rest a day and follow your physio's advice.</p>
          )}
          <SendState item={savedItem} />
        </section>
        <button type="button" class="primary wide" onClick={() => go("/")}>Back to today</button>
        <p class="disclaimer">This app supports your clinician and does not diagnose.</p>
      </>
    );
  }

  async function submit(event: Event) {
    event.preventDefault();
    setTried(true);
    if (during === null || after === null || limp === null || runMin === "") return;
    const id = uuid();
    try {
      await enqueue("runs", { id, date, level, run_min: Number(runMin), walk_min: Number(walkMin || 0), pain_during: during, pain_after: after, limp });
      setSaved(id);
      window.scrollTo(0, 0);
    } catch (e) {
      setError(`Could not save on this phone: ${(e as Error).message}`);
    }
  }

  const ranToday = runs.some((r) => r.body.date === date && r.status !== "failed");
  return (
    <form onSubmit={submit} class="stack" noValidate>
      <h1>Log a run</h1>
      <section class="card">
        <RunPlanView level={level} plan={plan} />
        <h3>Every run</h3>
        <ul>{phase.phase.advice.map((a) => <li key={a}>{a}</li>)}</ul>
        <p class="disclaimer">This app supports your clinician and does not diagnose.</p>
      </section>
      {ranToday && <p class="warn">You already logged a run today. Keep a rest day between runs.</p>}
      <div class="two">
        <label class="field">
          Minutes run
          <input type="number" inputMode="decimal" min={0} max={300} step={0.5} value={runMin} required onInput={(e) => setRunMin((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          Minutes walked
          <input type="number" inputMode="decimal" min={0} max={300} step={0.5} value={walkMin} onInput={(e) => setWalkMin((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <PainScale name="run_pain_during" legend="Worst pain during the run" value={during} onChange={setDuring} error={tried && during === null ? "Choose a number from 0 to 10." : undefined} />
      <PainScale name="run_pain_after" legend="Pain after the run" value={after} onChange={setAfter} error={tried && after === null ? "Choose a number from 0 to 10." : undefined} />
      <fieldset class="yesno">
        <legend>Did you limp during or after the run?</legend>
        <div class="chips">
          <label class={`chip${limp === false ? " on" : ""}`}><input type="radio" name="limp" checked={limp === false} onChange={() => setLimp(false)} /> No</label>
          <label class={`chip${limp === true ? " on" : ""}`}><input type="radio" name="limp" checked={limp === true} onChange={() => setLimp(true)} /> Yes</label>
        </div>
        {tried && limp === null && <p class="error" role="alert">Answer yes or no.</p>}
      </fieldset>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary wide">Save run</button>
    </form>
  );
}
