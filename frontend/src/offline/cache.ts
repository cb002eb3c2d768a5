// Reads that still work offline: the last good answer is kept in IndexedDB.
import { api, ApiError } from "../api";
import { kvGet, kvSet } from "./db";

export type Cached<T> = { data: T; fresh: boolean; savedAt: number };

type Stored<T> = { data: T; savedAt: number };

/** GET a path; on a network failure fall back to the copy saved last time. */
export async function cachedGet<T>(path: string, load: () => Promise<T> = () => api<T>(path)): Promise<Cached<T>> {
  try {
    const data = await load();
    const savedAt = Date.now();
    void kvSet(`get:${path}`, { data, savedAt }); // the screen need not wait for the copy
    return { data, fresh: true, savedAt };
  } catch (error) {
    if (error instanceof ApiError) throw error; // the server answered: do not hide it
    const stored = await kvGet<Stored<T>>(`get:${path}`);
    if (stored) return { data: stored.data, fresh: false, savedAt: stored.savedAt };
    throw error;
  }
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
