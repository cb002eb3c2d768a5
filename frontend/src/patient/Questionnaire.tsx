// A questionnaire, one question per screen: big targets, the answer kept while moving back
// and forth, saved through the outbox (so it works offline), then the score.
import { useState } from "preact/hooks";
import { formatNumber, t } from "../i18n";
import { enqueue, uuid, type OutboxItem } from "../offline/outbox";
import { SendState } from "./Pending";
import { asked, score, type Answers, type QItem, type Questionnaire as Q } from "./QuestionnaireDue";
import { go } from "./util";
import "./questionnaire.css";

function Scale({ item, value, onChange }: { item: QItem; value: number | string | undefined; onChange: (v: number) => void }) {
  const numbers = Array.from({ length: (item.max ?? 10) - (item.min ?? 0) + 1 }, (_, n) => n + (item.min ?? 0));
  return (
    <>
      <div class="scale-grid">
        {numbers.map((n) => (
          <label key={n} class={`scale-n z-neutral${value === n ? " on" : ""}`}>
            <input type="radio" name={item.key} value={n} checked={value === n} onChange={() => onChange(n)} />
            <span>{n}</span>
          </label>
        ))}
      </div>
      <div class="scale-ends" aria-hidden="true"><span>{item.min} {item.min_label}</span><span>{item.max} {item.max_label}</span></div>
    </>
  );
}

function Choice({ item, value, onChange }: { item: QItem; value: number | string | undefined; onChange: (v: number | string) => void }) {
  return (
    <div class="q-choices">
      {item.options.map((o) => (
        <label key={String(o.value)} class={String(value) === String(o.value) ? "on" : ""}>
          <input type="radio" name={item.key} value={String(o.value)} checked={String(value) === String(o.value)} onChange={() => onChange(o.value)} />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  );
}

type Props = { questionnaire: Q; date: string; items: OutboxItem[] };

export function Questionnaire({ questionnaire: q, date, items }: Props) {
  const [answers, setAnswers] = useState<Answers>({});
  const [step, setStep] = useState(0);
  const [tried, setTried] = useState(false);
  const [saved, setSaved] = useState<{ id: string; score: number } | null>(null);
  const [error, setError] = useState("");

  const savedItem = saved && items.find((i) => i.id === saved.id);
  if (saved) {
    return (
      <>
        <h1>{t("q.saved", { name: q.name })}</h1>
        <section class="card" aria-live="polite">
          <p>{t("q.yourScore", { name: q.name })}</p>
          <p class="q-score">{formatNumber(saved.score)} <span class="muted light">{t("q.outOf100")}</span></p>
          <p class="small muted">{t("q.scoreHint")}</p>
          {savedItem && <SendState item={savedItem} />}
        </section>
        <button type="button" class="primary wide" onClick={() => go("/progress")}>{t("q.seeProgress")}</button>
        <button type="button" class="secondary wide" onClick={() => go("/")}>{t("common.backToToday")}</button>
        <p class="disclaimer">{t("common.disclaimer")}</p>
      </>
    );
  }

  const shown = asked(q, answers);
  const index = Math.min(step, shown.length - 1);
  const item = shown[index];
  if (!item) return null; // every questionnaire asks at least one item
  const answer = answers[item.key];
  const last = index === shown.length - 1;
  // Screens in all: every item asked regardless, plus one for each branch's follow-up.
  const total = q.items.filter((i) => !i.shown_if).length + new Set(q.items.flatMap((i) => (i.shown_if ? [i.shown_if.item] : []))).size;

  const itemKey = item.key;
  function choose(value: number | string) {
    setTried(false);
    setAnswers((all) => {
      const next = { ...all, [itemKey]: value };
      // A changed branch choice drops the answers of the branch no longer asked.
      const keep = new Set(asked(q, next).map((i) => i.key));
      return Object.fromEntries(Object.entries(next).filter(([k]) => keep.has(k)));
    });
  }

  async function forward(event: Event) {
    event.preventDefault();
    if (answer === undefined) {
      setTried(true);
      return;
    }
    if (!last) {
      setStep(index + 1);
      return;
    }
    const id = uuid();
    try {
      await enqueue("questionnaire-responses", { id, questionnaire: q.key, date, answers });
      setSaved({ id, score: score(q, answers) });
      window.scrollTo(0, 0);
    } catch (e) {
      setError(t("common.notSaved", { reason: (e as Error).message }));
    }
  }

  return (
    <form class="stack q-form" onSubmit={forward} noValidate>
      <h1>{q.name}</h1>
      {index === 0 && <p>{q.intro}</p>}
      <p class="q-progress">
        {t("q.question", { n: index + 1, total })}
        <progress max={total} value={index + 1} aria-hidden="true" />
      </p>
      <fieldset class={tried ? "invalid" : ""} aria-describedby={`${item.key}-state`}>
        <legend>{item.prompt}</legend>
        {item.kind === "scale"
          ? <Scale item={item} value={answer} onChange={choose} />
          : <Choice item={item} value={answer} onChange={choose} />}
        <p id={`${item.key}-state`} class="zone-words" aria-live="polite">
          {tried ? <strong class="error-text">{t("q.chooseToGoOn")}</strong> : answer === undefined ? t("q.choose") : t("q.answered")}
        </p>
      </fieldset>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="q-nav">
        {index > 0 && <button type="button" class="secondary" onClick={() => { setTried(false); setStep(index - 1); }}>{t("q.back")}</button>}
        <button type="submit" class="primary">{last ? t("q.save") : t("q.next")}</button>
      </div>
      <p class="q-source">{t("q.source", { source: q.source })}</p>
      <p class="disclaimer">{t("common.disclaimer")}</p>
    </form>
  );
}
