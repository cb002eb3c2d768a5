// The project's vocabulary as the server serves it (GET /api/v1/vocabulary/, from
// protocols/vocabulary.py): measurement keys with their labels, units, ranges and sides,
// and the words for the codes the API answers with. Loaded once before the dashboard shows.
import { api } from "../api";
import type { components } from "../api/schema";

export type Vocabulary = components["schemas"]["Vocabulary"];
export type Measure = components["schemas"]["Measure"];
export type WordTable = keyof Vocabulary["words"];

let loaded: Vocabulary | null = null;

export async function loadVocabulary(): Promise<Vocabulary> {
  loaded ??= await api<Vocabulary>("vocabulary/");
  return loaded;
}

export function vocabulary(): Vocabulary {
  if (!loaded) throw new Error("The vocabulary is read before it was loaded (PhysioApp loads it first).");
  return loaded;
}

/** Plain words for an API code, e.g. words("statuses", "pending"); an unknown code as itself. */
export function words(table: WordTable, code: string | null | undefined): string {
  if (!code) return "";
  return vocabulary().words[table][code] ?? code.replace(/_/g, " ");
}

/** The measurement keys of one group (outcome, function, check, clearance, provocation). */
export function measures(group: Measure["group"]): Measure[] {
  return vocabulary().measures.filter((m) => m.group === group);
}

/** A measurement key's clinician label. */
export function measureLabel(key: string): string {
  return vocabulary().measures.find((m) => m.key === key)?.label ?? key.replace(/_/g, " ");
}

/** A recorded value in words: yes/no for checks, positive/negative for provocation tests. */
export function valueWords(key: string, value: number): string {
  const measure = vocabulary().measures.find((m) => m.key === key);
  return measure?.values[String(value)] ?? String(value);
}
