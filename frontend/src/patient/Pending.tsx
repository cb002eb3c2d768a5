import { t, tn } from "../i18n";
import { dismiss, flush, type OutboxItem } from "../offline/outbox";
import { niceDate } from "./util";

const kindWords = (kind: OutboxItem["kind"]) => t(`kind.${kind}`);

/** One write's state in plain words. */
export function SendState({ item }: { item: OutboxItem }) {
  if (item.status === "sent") return <p class="state sent" role="status">{t("outbox.sent")}</p>;
  if (item.status === "pending")
    return (
      <p class="state pending" role="status">
        {t("outbox.pending")} {item.message ?? t("outbox.whenOnline")}
      </p>
    );
  return (
    <div class="state failed" role="alert">
      <p><strong>{item.status === "conflict" ? t("outbox.conflict") : t("outbox.refused")}</strong> {item.message}</p>
      <button type="button" class="secondary" onClick={() => void dismiss(item.id)}>{t("outbox.dismiss")}</button>
    </div>
  );
}

/** The outbox at a glance, on every screen: what waits to be sent and what went wrong. */
export function OutboxBanner({ items, online }: { items: OutboxItem[]; online: boolean }) {
  const pending = items.filter((i) => i.status === "pending");
  const problems = items.filter((i) => i.status === "failed" || i.status === "conflict");
  if (!pending.length && !problems.length) return null;
  return (
    <section class="outbox" aria-label={t("outbox.label")}>
      {pending.length > 0 && (
        <div class="state pending" role="status">
          <p>
            <strong>{tn("outbox.count", pending.length)}</strong>
            {online ? "." : t("outbox.offline")}
          </p>
          <ul class="plain">
            {pending.map((i) => <li key={i.id}>{kindWords(i.kind)}, {niceDate(i.body.date)}{i.message ? ` — ${i.message}` : ""}</li>)}
          </ul>
          {online && <button type="button" class="secondary" onClick={() => void flush()}>{t("outbox.sendNow")}</button>}
        </div>
      )}
      {problems.map((i) => (
        <div key={i.id}>
          <p class="small muted">{kindWords(i.kind)}, {niceDate(i.body.date)}</p>
          <SendState item={i} />
        </div>
      ))}
    </section>
  );
}
