import { t } from "../i18n";
import { type PainZones, zone, zoneWords } from "./util";

type Props = {
  name: string;
  legend: string;
  hint?: string;
  value: number | null;
  onChange: (value: number) => void;
  /** Effort (RPE) is not pain: no traffic-light colours or words. */
  neutral?: boolean;
  /** The zones of the patient's protocol version; without them (a copy saved by an older
   * version of the app) the scale is not coloured. */
  zones?: PainZones;
  error?: string;
};

const NUMBERS = Array.from({ length: 11 }, (_, n) => n);

/** A 0-10 rating as eleven big radio buttons, coloured by the traffic light, with words. */
export function PainScale({ name, legend, hint, value, onChange, neutral, error, zones }: Props) {
  const colours = neutral ? undefined : zones;
  const hintId = `${name}-hint`;
  const wordsId = `${name}-words`;
  return (
    <fieldset class={`scale${error ? " invalid" : ""}`} aria-describedby={`${hint ? hintId : ""} ${wordsId}`.trim()}>
      <legend>{legend}</legend>
      {hint && <p id={hintId} class="hint">{hint}</p>}
      <div class="scale-grid">
        {NUMBERS.map((n) => (
          <label key={n} class={`scale-n ${colours ? `z-${zone(n, colours)}` : "z-neutral"}${value === n ? " on" : ""}`}>
            <input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} />
            <span>{n}</span>
          </label>
        ))}
      </div>
      <div class="scale-ends" aria-hidden="true">
        <span>0 {neutral ? t("scale.veryEasy") : t("scale.noPain")}</span>
        <span>10 {neutral ? t("scale.maximal") : t("scale.worst")}</span>
      </div>
      <p id={wordsId} class={`zone-words${value !== null && colours ? ` z-${zone(value, colours)}` : ""}`} aria-live="polite">
        {error ? <strong class="error-text">{error}</strong> : value === null ? t("scale.tap") : !colours ? t("scale.outOf10", { n: value }) : `${t("scale.outOf10", { n: value })}. ${zoneWords(zone(value, colours))}.`}
      </p>
    </fieldset>
  );
}
