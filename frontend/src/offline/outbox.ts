// The outbox: every write is stored in IndexedDB first (with its UUID), then sent.
// Replayed on app start and when the connection returns. The API is idempotent on the id,
// so sending twice never makes two rows. A 4xx is kept and shown, never silently dropped.
import { api, ApiError } from "../api";
import { t } from "../i18n";
import { db, type OutboxItem, type OutboxKind } from "./db";

export { uuid } from "../api";
export type { OutboxItem, OutboxKind } from "./db";

const KEEP_SENT_MS = 3 * 24 * 3600 * 1000; // sent items stay a few days so the app can say "sent"

type Listener = (items: OutboxItem[]) => void;
const listeners = new Set<Listener>();
let owner: number | null = null;

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  void list().then(listener);
  return () => listeners.delete(listener);
}

async function notify(): Promise<void> {
  const items = await list();
  listeners.forEach((listener) => listener(items));
}

/** The current user's items, newest first. */
export async function list(): Promise<OutboxItem[]> {
  if (owner === null) return [];
  try {
    const all = await (await db()).getAll("outbox");
    return all.filter((item) => item.owner === owner).sort((a, b) => b.createdAt - a.createdAt);
  } catch {
    return [];
  }
}

/** Store a write, then try to send it. Resolves with the item as it stands afterwards. */
export async function enqueue(kind: OutboxKind, body: OutboxItem["body"]): Promise<OutboxItem> {
  if (owner === null) throw new Error(t("outbox.notSignedIn"));
  const item: OutboxItem = { id: body.id, kind, owner, body, status: "pending", createdAt: Date.now() };
  await (await db()).put("outbox", item);
  await notify();
  await flush();
  return (await (await db()).get("outbox", item.id)) ?? item;
}

/** Words for a 4xx body: `{"detail": ...}` or `{"field": ["msg"]}`. */
export function errorWords(body: unknown, status: number): string {
  if (body && typeof body === "object") {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === "string") return record.detail;
    const parts = Object.entries(record).map(([field, value]) => {
      const text = Array.isArray(value) ? value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(" ") : String(value);
      return field === "non_field_errors" ? text : `${field.replace(/_/g, " ")}: ${text}`;
    });
    if (parts.length) return parts.join(" ");
  }
  return t("outbox.serverRefused", { status: String(status) });
}

/** Where a write goes: a log to its collection, with its body; a news card read to the
 * card's own address (idempotent there: reading it twice is harmless). */
function request(item: OutboxItem): [string, { method: string; body?: unknown }] {
  if (item.kind === "news") return [`news/${encodeURIComponent(String(item.body.card))}/dismiss/`, { method: "POST" }];
  return [`${item.kind}/`, { method: "POST", body: item.body }];
}

async function sendOne(item: OutboxItem): Promise<OutboxItem> {
  try {
    await api(...request(item));
    return { ...item, status: "sent", sentAt: Date.now(), message: undefined };
  } catch (error) {
    if (!(error instanceof ApiError)) return item; // offline or no answer: stays queued
    const { status, body } = error;
    if (status >= 500 || status === 429 || status === 408) return item; // try again later
    if (status === 401 || status === 403) {
      return { ...item, message: t("outbox.signInAgain") }; // kept, retried after sign-in
    }
    if (status === 409) {
      const existing = (body as { existing_id?: string } | null)?.existing_id;
      if (existing === item.id) return { ...item, status: "sent", sentAt: Date.now(), message: undefined };
      return { ...item, status: "conflict", message: errorWords(body, status) };
    }
    return { ...item, status: "failed", message: errorWords(body, status) };
  }
}

let running: Promise<void> | null = null;

/** Send every pending item of the signed-in user, oldest first. One run at a time. */
export function flush(): Promise<void> {
  if (running) return running.then(() => flush());
  running = (async () => {
    try {
      const database = await db();
      const items = (await list()).reverse();
      for (const item of items) {
        if (item.status === "sent" && Date.now() - (item.sentAt ?? 0) > KEEP_SENT_MS) {
          await database.delete("outbox", item.id);
          continue;
        }
        if (item.status !== "pending") continue;
        const after = await sendOne(item);
        await database.put("outbox", after);
        await notify();
        if (after.status === "pending" && !after.message) break; // offline: stop for now
      }
    } finally {
      running = null;
      await notify();
    }
  })();
  return running;
}

/** The patient read a failed or conflicting item and let it go. */
export async function dismiss(id: string): Promise<void> {
  await (await db()).delete("outbox", id);
  await notify();
}

let started = false;

/** Start sending for this user: now, when the connection returns, and when the app is shown. */
export function startOutbox(userId: number): void {
  owner = userId;
  void flush();
  if (started) return;
  started = true;
  window.addEventListener("online", () => void flush());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void flush();
  });
}

export function stopOutbox(): void {
  owner = null;
  void notify();
}
