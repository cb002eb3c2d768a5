// Today's news: what changed and why (rehab/news.py on the server). A card the patient has
// read can be dismissed; which ones is remembered on this device only (localStorage), so a
// second phone shows them once more. Open red flags are not here: their advice card on
// Today stays until the physio clears the flag.
import { useState } from "preact/hooks";
import { t } from "../i18n";
import { Termed, TermLinks } from "./Terms";
import type { NewsItem } from "./types";
import { niceDate } from "./util";
import "./news.css";

const MAX_REMEMBERED = 200;
const storageKey = (userId: number) => `news-read:${userId}`;

function readIds(userId: number): string[] {
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey(userId)) ?? "[]");
    return Array.isArray(stored) ? stored : [];
  } catch {
    return [];
  }
}

function title(item: NewsItem): string {
  if (item.kind === "moved_up") return t("news.movedUp", { phase: item.to_phase ?? "" });
  if (item.kind === "finished") return t("news.finished");
  if (item.kind === "moved_back") return t("news.movedBack", { phase: item.to_phase ?? "" });
  if (item.kind === "flare") return t("news.flare");
  return t("news.next", { phase: item.to_phase ?? "" });
}

function Body({ item }: { item: NewsItem }) {
  const reasons = item.reasons ?? [];
  return (
    <>
      {item.on && item.from_phase && <p class="muted small">{t("news.fromOn", { phase: item.from_phase, date: niceDate(item.on) })}</p>}
      {reasons.length > 0 && (
        <>
          <p><strong>{t("news.because")}</strong></p>
          <ul>{reasons.map((r) => <li key={r}><Termed text={r} /></li>)}</ul>
        </>
      )}
      {item.advice && <p><Termed text={item.advice} /></p>}
      {item.note && <blockquote class="physio-note"><p><span class="sr-only">{t("news.physioSaid")} </span>“{item.note}”</p><footer class="small muted">{t("news.yourPhysio")}</footer></blockquote>}
      {item.kind === "next" && (
        <>
          <p>{t("news.goalsMet", { met: item.met ?? 0, total: item.total ?? 0 })}{" "}
            {item.mode === "review" ? t("news.modeReview") : item.mode === "auto" ? t("news.modeAuto") : ""}</p>
          {(item.goals_left ?? []).length > 0 && (
            <>
              <p><strong>{t("news.stillToDo")}</strong></p>
              <ul>{(item.goals_left ?? []).map((g) => <li key={g}><Termed text={g} /></li>)}</ul>
            </>
          )}
        </>
      )}
    </>
  );
}

/** The news cards not yet dismissed, newest change first. */
export function NewsCards({ news, userId }: { news: NewsItem[]; userId: number }) {
  const [read, setRead] = useState<string[]>(() => readIds(userId));
  const shown = news.filter((n) => n.kind !== "red_flag" && !read.includes(n.id));
  if (!shown.length) return null;

  function dismiss(id: string) {
    const next = [...read.filter((r) => r !== id), id].slice(-MAX_REMEMBERED);
    setRead(next);
    try {
      localStorage.setItem(storageKey(userId), JSON.stringify(next));
    } catch {
      /* storage blocked: it stays dismissed until the app reloads */
    }
  }

  return (
    <section aria-label={t("news.title")} class="news">
      {shown.map((item) => {
        const heading = title(item);
        return (
          <article key={item.id} class={`card news-card ${item.kind}`} aria-labelledby={`news-${item.id}`} data-news={item.kind}>
            <h2 id={`news-${item.id}`}><Termed text={heading} only={["flare-up"]} /></h2>
            <Body item={item} />
            <TermLinks texts={[heading, ...(item.reasons ?? []), item.advice ?? "", ...(item.goals_left ?? [])]} />
            <button type="button" class="dismiss" onClick={() => dismiss(item.id)}>
              {t("news.gotIt")}<span class="sr-only">: {heading}</span>
            </button>
          </article>
        );
      })}
    </section>
  );
}
