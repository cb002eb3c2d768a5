// The app's IndexedDB: an outbox of writes not yet confirmed by the server, and a small
// key-value cache of what the server last said (me, today, progress data) for offline use.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

// "news": a news card the patient read (its id is `news:<card id>`, one item per card).
export type OutboxKind = "checkins" | "sessions" | "runs" | "questionnaire-responses" | "news";
export type OutboxStatus = "pending" | "sent" | "failed" | "conflict";

export type OutboxItem = {
  id: string; // the record's UUID, also the API's id (a news reading: `news:<card id>`)
  kind: OutboxKind;
  owner: number; // the signed-in user's id: never send one person's logs as another
  body: Record<string, unknown> & { id: string; date: string };
  status: OutboxStatus;
  message?: string; // why it failed or conflicts, in the server's words
  createdAt: number;
  sentAt?: number;
};

interface RehabDB extends DBSchema {
  outbox: { key: string; value: OutboxItem };
  kv: { key: string; value: unknown };
}

let opening: Promise<IDBPDatabase<RehabDB>> | null = null;

export function db(): Promise<IDBPDatabase<RehabDB>> {
  opening ??= openDB<RehabDB>("rehab-tracker", 1, {
    upgrade(database) {
      database.createObjectStore("outbox", { keyPath: "id" });
      database.createObjectStore("kv");
    },
  });
  return opening;
}

export async function kvGet<T>(key: string): Promise<T | undefined> {
  try {
    return (await (await db()).get("kv", key)) as T | undefined;
  } catch {
    return undefined; // private mode or storage blocked: behave as "nothing cached"
  }
}

/** True when written (caching is best effort: private mode, a full disk). */
export async function kvSet(key: string, value: unknown): Promise<boolean> {
  try {
    await (await db()).put("kv", value, key);
    return true;
  } catch {
    return false;
  }
}

export async function kvClear(): Promise<void> {
  try {
    await (await db()).clear("kv");
  } catch {
    /* nothing to clear */
  }
}
