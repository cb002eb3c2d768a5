// Red-flag questions in plain words and the advice for each answer (PROTOCOLS.md section 7).

import { t } from "../i18n";

type FlagKey = "suspected_avulsion" | "neuro" | "post_op" | "non_mechanical" | "bone_stress" | "sciatic";
export type Flag = { key: FlagKey; urgent: boolean; operativeOnly?: boolean };

// The words of each question and its advice are in the catalogues (flag.<key>.question,
// flag.<key>.advice), in both languages.
export const FLAGS: Flag[] = [
  { key: "suspected_avulsion", urgent: true },
  { key: "neuro", urgent: true },
  { key: "post_op", urgent: true, operativeOnly: true },
  { key: "non_mechanical", urgent: true },
  { key: "bone_stress", urgent: true },
  { key: "sciatic", urgent: false },
];

export const flagQuestion = (f: Flag) => t(`flag.${f.key}.question`);
export const flagAdvice = (f: Flag) => t(`flag.${f.key}.advice`);

type QuestionsProps = { value: string[]; onChange: (keys: string[]) => void; operative: boolean };

export function RedFlagQuestions({ value, onChange, operative }: QuestionsProps) {
  const toggle = (key: string, on: boolean) => onChange(on ? [...value, key] : value.filter((k) => k !== key));
  return (
    <fieldset class="flags">
      <legend>{t("flags.legend")}</legend>
      <p class="hint">{t("flags.hint")}</p>
      {FLAGS.filter((f) => operative || !f.operativeOnly).map((flag) => (
        <label key={flag.key} class={`flag${value.includes(flag.key) ? " on" : ""}`}>
          <input type="checkbox" name="red_flags" value={flag.key} checked={value.includes(flag.key)} onChange={(e) => toggle(flag.key, (e.target as HTMLInputElement).checked)} />
          <span>{flagQuestion(flag)}</span>
        </label>
      ))}
      {value.length > 0 && (
        <p class="warn" role="alert">{t("flags.saveNow")}</p>
      )}
    </fieldset>
  );
}

/** Advice after a red-flag answer. `sent` says whether the physio has been alerted yet. */
export function RedFlagAdvice({ keys, sent }: { keys: string[]; sent: boolean }) {
  const flags = FLAGS.filter((f) => keys.includes(f.key));
  if (!flags.length) return null;
  const urgent = flags.some((f) => f.urgent);
  return (
    <section class={`redflag${urgent ? " urgent" : ""}`} role="alert" aria-labelledby="redflag-title">
      <h2 id="redflag-title">{urgent ? t("flags.seekCare") : t("flags.tellPhysio")}</h2>
      <ul>
        {flags.map((f) => <li key={f.key}>{flagAdvice(f)}</li>)}
      </ul>
      <p class="strong">
        {sent
          ? t("flags.alerted")
          : t("flags.notSent")}
      </p>
      <p class="disclaimer">{t("common.disclaimer")}</p>
    </section>
  );
}
