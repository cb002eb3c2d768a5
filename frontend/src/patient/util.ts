// Small helpers shared by the patient screens.
import { formatShortDate, t, tn } from "../i18n";

import type { Zone } from "../zones";

/** Traffic light (PROTOCOLS.md section 2) at the thresholds of the patient's version. */
export { zone, type PainZones, type Zone } from "../zones";

/** "Green: fine, this load suits you" and so on, in the chosen language. */
export function zoneWords(z: Zone): string {
  return t(`zone.${z}`);
}

/** "Green", "Amber", "Red". */
export function zoneName(z: Zone): string {
  return t(`zone.${z}.name`);
}

/** The device's local date as YYYY-MM-DD. */
export { localDate } from "../api";

/** "Mon 23 Nov" (Dutch "ma 23 nov") for a YYYY-MM-DD date. */
export function niceDate(iso: string): string {
  return formatShortDate(iso);
}

/** "5 x 30 s hold", "3 x 10 reps" for a prescription. */
export function dose(rx: { sets: number | null; reps: number | null; hold_s: number | null }): string {
  const parts: string[] = [];
  if (rx.reps) parts.push(tn("dose.reps", rx.reps));
  if (rx.hold_s) parts.push(t("dose.hold", { n: rx.hold_s }));
  const what = parts.join(", ");
  if (rx.sets) return what ? `${rx.sets} × ${what}` : tn("dose.sets", rx.sets);
  return what;
}

/** Navigation inside the app without reloading the page. */
export function go(path: string): void {
  if (location.pathname !== path) history.pushState(null, "", path);
  window.dispatchEvent(new Event("app:navigate"));
  window.scrollTo(0, 0);
}
