// The words a patient meets, each explained in the glossary (Glossary.tsx). `match` finds
// the word in text that comes from the programme (phase names, aims, loads), which is
// written in English; the explanation itself follows the chosen language.
import type { Key } from "../i18n";

export type Term = { key: string; match: RegExp };

// Longest phrases first, so "heavy slow resistance" wins over a shorter match inside it.
export const TERMS: Term[] = [
  { key: "energy-storage", match: /energy storage/i },
  { key: "heavy-slow", match: /heavy slow( resistance)?/i },
  { key: "rm", match: /\b\d+ ?RM\b/ },
  { key: "isometric", match: /\bisometrics?\b/i },
  { key: "isotonic", match: /\bisotonic\b/i },
  { key: "eccentric", match: /\beccentric\b/i },
  { key: "plyometric", match: /\bplyometrics?\b/i },
  { key: "nordic", match: /\bnordic\b/i },
  { key: "load-test", match: /\bload[- ]test\b/i },
  { key: "flare-up", match: /\bflare(-up)?s?\b/i },
  { key: "step-back", match: /\bstep(ped)? back\b/i },
  { key: "pain-zones", match: /\b(amber|green|red) zone\b/i },
  { key: "baseline", match: /\bbaseline\b/i },
  { key: "lsi", match: /\bLSI\b/ },
  { key: "rpe", match: /\bRPE\b/ },
  { key: "strides", match: /\bstrides\b/i },
  { key: "visa-h", match: /\bVISA-H\b/ },
  { key: "phat", match: /\bPHAT\b/ },
  { key: "red-flag", match: /\bred flags?\b/i },
  { key: "goals", match: /\bgoals?\b/i },
];

/** Every term's heading and explanation keys, in glossary order. */
export const GLOSSARY_ORDER = [
  "flare-up", "pain-zones", "baseline", "goals", "step-back", "load-test", "red-flag",
  "isometric", "isotonic", "eccentric", "heavy-slow", "rm", "nordic", "plyometric",
  "energy-storage", "strides", "rpe", "lsi", "visa-h", "phat",
] as const;

export const termKey = (key: string) => `glossary.${key}` as Key;
export const textKey = (key: string) => `glossary.${key}.text` as Key;

export type Piece = string | { text: string; term: string };

/** Splits text into plain pieces and glossary terms (each term linked once per text). */
export function findTerms(text: string, only?: string[]): Piece[] {
  const pieces: Piece[] = [];
  const used = new Set<string>();
  let rest = text;
  while (rest) {
    let best: { index: number; length: number; term: string } | null = null;
    for (const term of TERMS) {
      if (used.has(term.key) || (only && !only.includes(term.key))) continue;
      const m = term.match.exec(rest);
      if (m && (!best || m.index < best.index)) best = { index: m.index, length: m[0].length, term: term.key };
    }
    if (!best) break;
    if (best.index) pieces.push(rest.slice(0, best.index));
    pieces.push({ text: rest.slice(best.index, best.index + best.length), term: best.term });
    used.add(best.term);
    rest = rest.slice(best.index + best.length);
  }
  if (rest) pieces.push(rest);
  return pieces;
}
