// Reads that still work offline: the last good answer is kept in IndexedDB.
import { api, ApiError } from "../api";
import { kvClear, kvGet, kvSet } from "./db";

export type Cached<T> = { data: T; fresh: boolean; savedAt: number };

// A copy names whose it is: after a sign-out another person may sign in on this phone,
// and a copy that is not theirs is never shown to them.
type Stored<T> = { data: T; savedAt: number; owner?: number | null };

// Whose copies this page reads and writes (the signed-in patient; PatientApp sets it).
let owner: number | null = null;
// Bumped when everything saved is forgotten: an answer asked for before a sign-out is not
// saved after it.
let generation = 0;
// What this page knows each saved copy to hold (as JSON): an answer the phone already has
// is not written again (start-up would otherwise rewrite every copy it just read).
const known = new Map<string, string>();

export function setSavedOwner(userId: number | null): void {
  if (userId !== owner) known.clear();
  owner = userId;
}

/** Save `value` under `key` unless everything was forgotten since `asOf` (the generation
 * when the answer was asked for). True when it was written. */
export async function saveUnlessCleared(key: string, value: unknown, asOf: number): Promise<boolean> {
  return asOf === generation && (await kvSet(key, value));
}

export function savedGeneration(): number {
  return generation;
}

async function readCopy<T>(path: string): Promise<Stored<T> | null> {
  const stored = await kvGet<Stored<T>>(`get:${path}`);
  return stored && stored.owner === owner ? stored : null;
}

/** GET a path; on a network failure fall back to the copy saved last time. */
export async function cachedGet<T>(path: string, load: () => Promise<T> = () => api<T>(path)): Promise<Cached<T>> {
  const asOf = generation;
  try {
    const data = await load();
    const savedAt = Date.now();
    const json = JSON.stringify(data);
    if (known.get(path) !== json) {
      // The screen need not wait for the copy; `known` learns it once it is written.
      void saveUnlessCleared(`get:${path}`, { data, savedAt, owner }, asOf).then((saved) => {
        if (saved && asOf === generation) known.set(path, json);
      });
    }
    return { data, fresh: true, savedAt };
  } catch (error) {
    if (error instanceof ApiError) throw error; // the server answered: do not hide it
    const stored = await readCopy<T>(path);
    if (stored) return { data: stored.data, fresh: false, savedAt: stored.savedAt };
    throw error;
  }
}

/** The copy the last good answer saved, without asking the server: screens show it at once,
 * so a weak signal never keeps the patient from what the phone already knows. Its `fresh`
 * is false; the server's answer follows and replaces it. */
export async function savedCopy<T>(path: string): Promise<Cached<T> | null> {
  const asOf = generation;
  const stored = await readCopy<T>(path);
  if (!stored) return null;
  if (asOf === generation) known.set(path, JSON.stringify(stored.data));
  return { data: stored.data, fresh: false, savedAt: stored.savedAt };
}

/** Forget everything saved for the signed-in user (sign-out, or a session that has ended). */
export async function clearSaved(): Promise<void> {
  generation++;
  known.clear();
  await kvClear();
}

/** Whether two answers (JSON-shaped data) say the same: an unchanged answer keeps the
 * object already on screen, so nothing is drawn twice. */
export function sameData(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

type Page<T> = { count: number; next: string | null; results: T[] };

/** Every row of a paginated list (at most `maxPages` pages). */
export async function allPages<T>(path: string, maxPages = 10): Promise<T[]> {
  const rows: T[] = [];
  let next: string | null = path;
  for (let page = 0; next && page < maxPages; page++) {
    const body: Page<T> = await api<Page<T>>(next);
    rows.push(...body.results);
    next = body.next ? body.next.replace(/^.*?\/api\/v1\//, "") : null;
  }
  return rows;
}

/** True for failures that mean "could not reach the server" rather than "the server said no". */
export function isNetworkError(error: unknown): boolean {
  return !(error instanceof ApiError);
}
