// Pain zones (PROTOCOLS.md section 2): green, amber and red on the 0-10 scale, at the
// thresholds of the patient's protocol version, which a clinic copy may change. The API
// sends them with Today, each enrolment and each caseload row; nothing here assumes 3 and 5.
import type { components } from "./api/schema";

export type PainZones = components["schemas"]["PainZones"];
export type Zone = "green" | "amber" | "red";

export function zone(pain: number, zones: PainZones): Zone {
  return pain <= zones.green_max ? "green" : pain <= zones.amber_max ? "amber" : "red";
}

/** Each zone's scores in words: { green: "0-3", amber: "4-5", red: "6-10" } for 3 and 5. */
export function zoneRanges(zones: PainZones): Record<Zone, string> {
  return { green: `0-${zones.green_max}`, amber: `${zones.green_max + 1}-${zones.amber_max}`, red: `${zones.amber_max + 1}-10` };
}

/** One set of zones for a patient on several programmes: the lowest thresholds, so a score
 * is never shown greener than one of their programmes judges it (as the server's
 * protocols/vocabulary.py strictest_zones). None when there are none. */
export function strictest(all: PainZones[]): PainZones | undefined {
  if (!all.length) return undefined;
  return { green_max: Math.min(...all.map((z) => z.green_max)), amber_max: Math.min(...all.map((z) => z.amber_max)) };
}
