// The patient app's words in English and Dutch: one catalogue per language (en.ts is the
// source; nl.ts must have every key, which the type checker and tests/i18n enforce).
// English ships in the first-load bundle; Dutch is its own chunk, fetched once when chosen.
import { en, type Key } from "./en";

export type { Key };
export type Lang = "en" | "nl";
export type Vars = Record<string, string | number>;

/** Each language named in itself, for the picker. */
export const LANGUAGES: { code: Lang; name: string }[] = [
  { code: "en", name: "English" },
  { code: "nl", name: "Nederlands" },
];

// BCP 47 tags for Intl: British English (day before month), Dutch as in the Netherlands.
const TAGS: Record<Lang, string> = { en: "en-GB", nl: "nl-NL" };
const STORED = "lang";

let current: Lang = "en";
let table: Record<Key, string> = en;

export function lang(): Lang {
  return current;
}

/** The Intl locale of the chosen language. */
export function locale(): string {
  return TAGS[current];
}

export function isLang(value: unknown): value is Lang {
  return value === "en" || value === "nl";
}

/** The language chosen on this device before, else the browser's first one we speak. */
export function initialLang(): Lang {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORED);
  } catch {
    /* storage blocked: fall back to the browser */
  }
  if (isLang(stored)) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLang(base)) return base;
  }
  return "en";
}

/** Switch language: load its catalogue, remember it here, and tell the app to re-render. */
export async function setLang(next: Lang): Promise<void> {
  table = next === "nl" ? (await import("./nl")).nl : en;
  const changed = next !== current;
  current = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORED, next);
  } catch {
    /* not remembered on this device; the profile still has it */
  }
  if (changed) window.dispatchEvent(new Event("app:lang"));
}

/** The words for `key` in the current language; `{name}` placeholders filled from `vars`
 * (numbers formatted for the language). */
export function t(key: Key, vars?: Vars): string {
  const words = table[key] ?? en[key];
  if (!vars) return words;
  return words.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : typeof value === "number" ? formatNumber(value) : value;
  });
}

type PluralBase<K> = K extends `${infer B}.one` ? B : never;

/** Singular or plural by the language's rules: `tn("rep", 3)` reads "rep.one"/"rep.other"
 * with `{n}` filled in. */
export function tn(base: PluralBase<Key>, n: number, vars?: Vars): string {
  // English and Dutch share one rule (CLDR: "one" for exactly 1, "other" for the rest), so
  // no Intl.PluralRules is made on start-up; a language with other rules would add its own.
  const form = n === 1 ? "one" : "other";
  return t(`${base}.${form}` as Key, { n, ...vars });
}

// Intl objects are slow to make (the first one loads the language's data) and screens
// format many numbers and dates: each locale-and-options pair is made once and reused.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(
  kind: string, options: object | undefined, make: () => T,
): T {
  const key = `${kind} ${current} ${options ? JSON.stringify(options) : ""}`;
  let made = formatters.get(key) as T | undefined;
  if (!made) formatters.set(key, (made = make()));
  return made;
}

export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  // A small whole number reads the same in English and Dutch: no formatter needed.
  if (!options && Number.isInteger(n) && n >= 0 && n < 1000) return String(n);
  return cached("number", options, () => new Intl.NumberFormat(locale(), options)).format(n);
}

/** "Mon" ("ma") for a YYYY-MM-DD date: the catalogue's short weekday name. */
export function formatWeekday(iso: string): string {
  const [y = 1970, m = 1, d = 1] = iso.slice(0, 10).split("-").map(Number);
  return t("date.weekdays").split(" ")[new Date(y, m - 1, d).getDay()] ?? "";
}

/** "Sun 29 Nov" ("zo 29 nov") for a YYYY-MM-DD date, or "29 Nov" without the weekday: made
 * from the catalogue's names, because the daily screens open with these dates and a phone
 * spends tens of milliseconds on its first Intl.DateTimeFormat (it loads calendar data). */
export function formatShortDate(iso: string, weekday = true): string {
  const [, m = 1, d = 1] = iso.slice(0, 10).split("-").map(Number);
  const month = t("date.months").split(" ")[m - 1] ?? "";
  if (!weekday) return t("date.dayMonth", { day: d, month });
  return t("date.short", { weekday: formatWeekday(iso), day: d, month });
}

/** A moment (an ISO timestamp) in the language's format, in the device's time zone. */
export function formatDateTime(iso: string, options: Intl.DateTimeFormatOptions): string {
  return cached("date", options, () => new Intl.DateTimeFormat(locale(), options)).format(new Date(iso));
}
