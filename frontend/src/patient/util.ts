// Small helpers shared by the patient screens.

export type Zone = "green" | "amber" | "red";

/** Traffic light (PROTOCOLS.md section 2; clinic default): green 0-3, amber 4-5, red 6-10. */
export function zone(pain: number): Zone {
  return pain <= 3 ? "green" : pain <= 5 ? "amber" : "red";
}

export const ZONE_WORDS: Record<Zone, string> = {
  green: "Green: fine, this load suits you",
  amber: "Amber: hold, do not add load yet",
  red: "Red: too much, ease off and tell your physio",
};

/** The device's local date as YYYY-MM-DD. */
export { localDate } from "../api";

/** "Mon 23 Nov" for a YYYY-MM-DD date. */
export function niceDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short" });
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** "5 x 30 s hold", "3 x 10 reps" for a prescription. */
export function dose(rx: { sets: number | null; reps: number | null; hold_s: number | null }): string {
  const parts: string[] = [];
  if (rx.reps) parts.push(plural(rx.reps, "rep"));
  if (rx.hold_s) parts.push(`${rx.hold_s} s hold`);
  const what = parts.join(", ");
  if (rx.sets) return what ? `${rx.sets} × ${what}` : plural(rx.sets, "set");
  return what;
}

/** Navigation inside the app without reloading the page. */
export function go(path: string): void {
  if (location.pathname !== path) history.pushState(null, "", path);
  window.dispatchEvent(new Event("app:navigate"));
  window.scrollTo(0, 0);
}
