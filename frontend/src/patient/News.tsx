// Today's news: what changed and why (rehab/news.py on the server). A card the patient has
// read can be dismissed: the reading goes through the outbox to the server, so the card
// hides at once, stays hidden offline, and is gone on every other device too (the server
// leaves read cards out of Today). Open red flags are not here: their advice card on
// Today stays until the physio clears the flag.
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { enqueue, type OutboxItem } from "../offline/outbox";
import { Termed, TermLinks } from "./Terms";
import type { NewsItem } from "./types";
import { niceDate } from "./util";
import "./news.css";

// Before readings were kept on the server, this device kept its own list: sent once, then forgotten.
const oldKey = (userId: number) => `news-read:${userId}`;

function oldReadIds(userId: number): string[] {
  try {
    const stored = JSON.parse(localStorage.getItem(oldKey(userId)) ?? "[]");
    localStorage.removeItem(oldKey(userId));
    return Array.isArray(stored) ? stored.filter((id) => typeof id === "string") : [];
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
export function NewsCards({ news, userId, date, outbox }: { news: NewsItem[]; userId: number; date: string; outbox: OutboxItem[] }) {
  const [read, setRead] = useState<string[]>([]);
  const queued = outbox.filter((item) => item.kind === "news").map((item) => String(item.body.card));
  const shown = news.filter((n) => n.kind !== "red_flag" && !read.includes(n.id) && !queued.includes(n.id));

  function dismiss(card: string) {
    setRead((ids) => [...ids, card]); // hidden now, whatever the connection
    void enqueue("news", { id: `news:${card}`, card, date }).catch(() => undefined);
  }

  // Cards this device marked read before readings were kept on the server: send them once.
  useEffect(() => {
    const ids = new Set(news.map((n) => n.id));
    oldReadIds(userId).filter((id) => ids.has(id)).forEach(dismiss);
  }, [userId]);

  if (!shown.length) return null;
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
