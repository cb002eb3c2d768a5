// Questionnaires the patient answers (VISA-H, PHAT): their shape as the API gives it, the
// scoring rules (the same data-driven rules the server applies), and Today's "is due" card.
import { t } from "../i18n";
import type { OutboxItem } from "../offline/outbox";
import { go, niceDate } from "./util";

export type QOption = { value: number | string; label: string; points: number };
export type QItem = {
  key: string;
  prompt: string;
  kind: "scale" | "choice";
  min: number | null;
  max: number | null;
  min_label: string;
  max_label: string;
  options: QOption[];
  shown_if: { item: string; equals: number | string } | null;
};
export type Questionnaire = {
  key: "visa_h" | "phat";
  name: string;
  version: number;
  source: string;
  intro: string;
  scoring: "sum" | "sum_scaled";
  due_on: string | null;
  items: QItem[];
};
export type Answers = Record<string, number | string>;

const same = (a: unknown, b: unknown) => a !== undefined && a !== null && String(a) === String(b);

/** The items asked given these answers: a branch only once its choice is made. */
export function asked(q: Questionnaire, answers: Answers): QItem[] {
  return q.items.filter((item) => !item.shown_if || same(answers[item.shown_if.item], item.shown_if.equals));
}

/** An answer's points; an item not answered scores none. */
function points(item: QItem, answer: number | string | undefined): number {
  if (answer === undefined) return 0;
  if (item.kind === "scale") return Number(answer);
  return item.options.find((o) => same(answer, o.value))?.points ?? 0;
}

function most(q: Questionnaire): number {
  const controllers = q.items.filter((c) => q.items.some((i) => i.shown_if?.item === c.key));
  let best = 0;
  const walk = (i: number, chosen: Answers) => {
    const controller = controllers[i];
    if (controller) {
      for (const o of controller.options) walk(i + 1, { ...chosen, [controller.key]: o.value });
      return;
    }
    let total = 0;
    for (const item of asked(q, chosen)) {
      const answer = chosen[item.key];
      if (answer !== undefined) total += points(item, answer);
      else total += item.kind === "scale" ? item.max ?? 10 : Math.max(...item.options.map((o) => o.points));
    }
    best = Math.max(best, total);
  };
  walk(0, {});
  return best;
}

/** The total 0-100 by the questionnaire's rules, to one decimal (as the server scores it). */
export function score(q: Questionnaire, answers: Answers): number {
  let total = asked(q, answers).reduce((sum, item) => sum + points(item, answers[item.key]), 0);
  if (q.scoring === "sum_scaled") total = (total * 100) / most(q);
  return Math.round(total * 10) / 10;
}

/** Questionnaires due on or before this date and not answered on this phone since. */
export function dueNow(list: Questionnaire[], date: string, outbox: OutboxItem[]): Questionnaire[] {
  return list.filter((q) => q.due_on && q.due_on <= date && !outbox.some(
    (i) => i.kind === "questionnaire-responses" && i.body.questionnaire === q.key && i.body.date >= (q.due_on as string) && i.status !== "failed",
  ));
}

/** Today's card: "Your VISA-H is due". */
export function QuestionnaireDue({ due }: { due: Questionnaire[] }) {
  if (!due.length) return null;
  return (
    <>
      {due.map((q) => (
        <section key={q.key} class="card status" aria-labelledby={`due-${q.key}`}>
          <p id={`due-${q.key}`}><strong>{t("q.due", { name: q.name })}</strong>{t("q.dueSince", { date: niceDate(q.due_on as string), n: Math.min(8, q.items.length) })}</p>
          <a class="button primary" href={`/questionnaire/${q.key}`} onClick={(e) => { e.preventDefault(); go(`/questionnaire/${q.key}`); }}>
            {t("q.answer", { name: q.name })}
          </a>
        </section>
      ))}
    </>
  );
}
