import { dismiss, flush, type OutboxItem } from "../offline/outbox";
import { niceDate } from "./util";

const KIND_WORDS = { checkins: "Check-in", sessions: "Exercise session", runs: "Run", "questionnaire-responses": "Questionnaire" } as const;

/** One write's state in plain words. */
export function SendState({ item }: { item: OutboxItem }) {
  if (item.status === "sent") return <p class="state sent" role="status">✓ Sent to your physio's records.</p>;
  if (item.status === "pending")
    return (
      <p class="state pending" role="status">
        Saved on this phone, not yet sent. {item.message ?? "It is sent as soon as you are back online."}
      </p>
    );
  return (
    <div class="state failed" role="alert">
      <p><strong>{item.status === "conflict" ? "Not sent: it clashes with a record already there." : "Not accepted by the server."}</strong> {item.message}</p>
      <button type="button" class="secondary" onClick={() => void dismiss(item.id)}>OK, remove it from this phone</button>
    </div>
  );
}

/** The outbox at a glance, on every screen: what waits to be sent and what went wrong. */
export function OutboxBanner({ items, online }: { items: OutboxItem[]; online: boolean }) {
  const pending = items.filter((i) => i.status === "pending");
  const problems = items.filter((i) => i.status === "failed" || i.status === "conflict");
  if (!pending.length && !problems.length) return null;
  return (
    <section class="outbox" aria-label="Not yet sent">
      {pending.length > 0 && (
        <div class="state pending" role="status">
          <p>
            <strong>{pending.length === 1 ? "1 entry" : `${pending.length} entries`} saved on this phone, not yet sent</strong>
            {online ? "." : ": you are offline. They are sent when the connection returns."}
          </p>
          <ul class="plain">
            {pending.map((i) => <li key={i.id}>{KIND_WORDS[i.kind]}, {niceDate(i.body.date)}{i.message ? ` — ${i.message}` : ""}</li>)}
          </ul>
          {online && <button type="button" class="secondary" onClick={() => void flush()}>Send now</button>}
        </div>
      )}
      {problems.map((i) => (
        <div key={i.id}>
          <p class="small muted">{KIND_WORDS[i.kind]}, {niceDate(i.body.date)}</p>
          <SendState item={i} />
        </div>
      ))}
    </section>
  );
}
