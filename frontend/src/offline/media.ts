// Exercise drawings for offline use: the current phase's only. The service worker answers
// /exercises/* from this cache (vite.config.ts); the page decides what is in it, so a
// phone keeps what today's exercises need and drops the rest.
const CACHE = "exercise-media";

let wanted: string[] | null = null;
let kept = ""; // the set this page last stored in full
let storing: Promise<void> = Promise.resolve(); // one store at a time: no two race on the cache

/** Keep today's drawings (`paths`) for offline use. Only a page a service worker controls
 * can show them offline, so on a first visit this waits until the worker takes over rather
 * than fetching every drawing a second time while the app starts. */
export function keepMedia(paths: string[]): void {
  wanted = paths;
  if (navigator.serviceWorker?.controller) keepWanted();
}

navigator.serviceWorker?.addEventListener("controllerchange", keepWanted);

function keepWanted() {
  const paths = wanted;
  if (!paths) return;
  const key = JSON.stringify([...paths].sort());
  storing = storing.then(async () => {
    if (key !== kept && (await store(paths))) kept = key;
  });
}

/** Makes the cache hold exactly `paths`; true when every drawing is in it. */
async function store(paths: string[]): Promise<boolean> {
  if (!("caches" in window)) return false;
  try {
    const cache = await caches.open(CACHE);
    const wanted = new Set(paths.map((p) => new URL(p, location.origin).href));
    const stored = await cache.keys();
    await Promise.all(stored.filter((r) => !wanted.has(r.url)).map((r) => cache.delete(r)));
    const have = new Set(stored.map((r) => r.url));
    const added = await Promise.all(
      [...wanted].filter((u) => !have.has(u)).map((u) => cache.add(u).then(() => true, () => false)),
    );
    return added.every(Boolean);
  } catch {
    return false; // storage blocked or full: the drawings still load online
  }
}
