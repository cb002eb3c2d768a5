// Every term a patient meets, in plain words; reachable from the account screen and from
// each place a term appears (Terms.tsx links to /glossary#<term>).
import { useEffect } from "preact/hooks";
import { t } from "../i18n";
import { type PainZones, zoneRanges } from "../zones";
import { GLOSSARY_ORDER, termKey, textKey } from "./glossary";

/** `zones`: the patient's pain zones, named under the pain-zones entry when known. */
export function Glossary({ zones }: { zones?: PainZones }) {
  // Opened from a linked word: bring its explanation into view and focus it.
  useEffect(() => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    if (target) {
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    }
  }, []);
  return (
    <section aria-labelledby="glossary-title">
      <h1 id="glossary-title">{t("glossary.title")}</h1>
      <p class="muted">{t("glossary.intro")}</p>
      <dl class="card glossary">
        {GLOSSARY_ORDER.map((key) => (
          <div key={key} class="glossary-entry">
            <dt id={key} tabIndex={-1}>{t(termKey(key))}</dt>
            <dd>
              {t(textKey(key))}
              {key === "pain-zones" && zones && <> {t("glossary.pain-zones.yours", zoneRanges(zones))}</>}
            </dd>
          </div>
        ))}
      </dl>
      <p class="disclaimer">{t("common.disclaimer")}</p>
    </section>
  );
}
