// Exercise drawings for offline use: the current phase's only. The service worker answers
// /exercises/* from this cache (vite.config.ts); the page decides what is in it, so a
// phone keeps what today's exercises need and drops the rest.
const CACHE = "exercise-media";

let storing: Promise<void> = Promise.resolve(); // one store at a time: none race on the cache

/** Keep today's drawings (`paths`) for offline use, and only them. */
export function keepMedia(paths: string[]): void {
  storing = storing.then(() => store(paths));
}

/** Makes the cache hold exactly `paths` (a drawing that cannot be fetched is tried again
 * at the next refresh). */
async function store(paths: string[]): Promise<void> {
  if (!("caches" in window)) return;
  try {
    const cache = await caches.open(CACHE);
    const wanted = new Set(paths.map((p) => new URL(p, location.origin).href));
    const stored = await cache.keys();
    await Promise.all(stored.filter((r) => !wanted.has(r.url)).map((r) => cache.delete(r)));
    const have = new Set(stored.map((r) => r.url));
    await Promise.all([...wanted].filter((u) => !have.has(u)).map((u) => cache.add(u).catch(() => undefined)));
  } catch {
    /* storage blocked or full: the drawings still load online */
  }
}
