import { useState } from "preact/hooks";
import { t } from "../i18n";
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
  const zones = phase?.pain_zones ?? today.pain_zones;
  const [runMin, setRunMin] = useState(plan ? String(plan.repeats * plan.run_min) : "");
  const [walkMin, setWalkMin] = useState(plan ? String(plan.repeats * plan.walk_min) : "0");
  const [during, setDuring] = useState<number | null>(null);
  const [after, setAfter] = useState<number | null>(null);
  const [limp, setLimp] = useState<boolean | null>(null);
  const [tried, setTried] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState("");

  if (!phase || !plan) {
    return <><h1>{t("run.title")}</h1><section class="card"><p>{t("run.notYet")}</p></section></>;
  }
  const savedItem = runs.find((r) => r.id === saved);
  if (savedItem) {
    const b = savedItem.body as Record<string, any>;
    return (
      <>
        <h1>{t("run.saved")}</h1>
        <section class="card">
          <p>{t(b.limp ? "run.summaryLimp" : "run.summary", { level: b.level, run: b.run_min, walk: b.walk_min, during: b.pain_during, after: b.pain_after })}</p>
          {(b.limp || (zones && zone(Math.max(b.pain_during, b.pain_after), zones) !== "green")) && (
            <p class="warn">{t("run.notReady")}</p>
          )}
          <SendState item={savedItem} />
        </section>
        <button type="button" class="primary wide" onClick={() => go("/")}>{t("common.backToToday")}</button>
        <p class="disclaimer">{t("common.disclaimer")}</p>
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
      setError(t("common.notSaved", { reason: (e as Error).message }));
    }
  }

  const ranToday = runs.some((r) => r.body.date === date && r.status !== "failed");
  return (
    <form onSubmit={submit} class="stack" noValidate>
      <h1>{t("run.log")}</h1>
      <section class="card">
        <RunPlanView level={level} plan={plan} />
        <h3>{t("run.every")}</h3>
        <ul>{phase.phase.advice.map((a) => <li key={a}>{a}</li>)}</ul>
        <p class="disclaimer">{t("common.disclaimer")}</p>
      </section>
      {ranToday && <p class="warn">{t("run.already")}</p>}
      <div class="two">
        <label class="field">
          {t("run.minutesRun")}
          <input type="number" inputMode="decimal" min={0} max={300} step={0.5} value={runMin} required onInput={(e) => setRunMin((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          {t("run.minutesWalked")}
          <input type="number" inputMode="decimal" min={0} max={300} step={0.5} value={walkMin} onInput={(e) => setWalkMin((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <PainScale name="run_pain_during" legend={t("run.painDuring")} value={during} onChange={setDuring} zones={zones} error={tried && during === null ? t("scale.missing") : undefined} />
      <PainScale name="run_pain_after" legend={t("run.painAfter")} value={after} onChange={setAfter} zones={zones} error={tried && after === null ? t("scale.missing") : undefined} />
      <fieldset class="yesno">
        <legend>{t("run.limp")}</legend>
        <div class="chips">
          <label class={`chip${limp === false ? " on" : ""}`}><input type="radio" name="limp" checked={limp === false} onChange={() => setLimp(false)} /> {t("run.no")}</label>
          <label class={`chip${limp === true ? " on" : ""}`}><input type="radio" name="limp" checked={limp === true} onChange={() => setLimp(true)} /> {t("run.yes")}</label>
        </div>
        {tried && limp === null && <p class="error" role="alert">{t("run.yesOrNo")}</p>}
      </fieldset>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary wide">{t("run.save")}</button>
    </form>
  );
}
