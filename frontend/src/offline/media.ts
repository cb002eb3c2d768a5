// Exercise drawings for offline use: the current phase's only. The service worker answers
// /exercises/* from this cache (vite.config.ts); the page decides what is in it, so a
// phone keeps what today's exercises need and drops the rest.
const CACHE = "exercise-media";

export async function keepMedia(paths: string[]): Promise<void> {
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
