// Jargon in text from the programme, marked where it appears and linked to the glossary
// below the text: inline links would be tap targets smaller than 44 px.
import { t } from "../i18n";
import { findTerms, termKey } from "./glossary";
import { go } from "./util";

export function glossaryLink(term: string) {
  const href = `/glossary#${term}`;
  return {
    href,
    onClick: (e: Event) => {
      e.preventDefault();
      go(href);
    },
  };
}

/** `text` with each glossary term it holds marked (the links are in <TermLinks>). */
export function Termed({ text, only }: { text: string; only?: string[] }) {
  return (
    <>
      {findTerms(text, only).map((piece, i) =>
        typeof piece === "string" ? piece : <span key={i} class="term">{piece.text}</span>,
      )}
    </>
  );
}

/** "Words explained:" and a link for each glossary term found in `texts`. */
export function TermLinks({ texts }: { texts: string[] }) {
  const terms = [...new Set(texts.flatMap((text) => findTerms(text).flatMap((p) => (typeof p === "string" ? [] : [p.term]))))];
  if (!terms.length) return null;
  return (
    <p class="term-links small">
      <span class="muted">{t("glossary.inThisCard")}</span>{" "}
      {terms.map((term) => (
        <a key={term} class="term-link" {...glossaryLink(term)}>{t(termKey(term))}</a>
      ))}
    </p>
  );
}
