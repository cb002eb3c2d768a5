// Record clinician tests: strength per side (LSI from both), function tests, outcomes, checks.
import { useState } from "preact/hooks";
import { api, uuid } from "../api";
import { type Measure, measureLabel, measures } from "./vocabulary";
import type { Enrolment, Patient } from "./types";
import { errorText, today } from "./util";

type Props = { patient: Patient; enrolments: Enrolment[]; onSaved: () => void };
type Body = { key: string; value: number; side?: string; method?: string };
type Values = { date: string; method: string; [key: string]: string };

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** A yes/no or positive/negative key's choices, in the vocabulary's words. */
const choices = (m: Measure): [string, string][] => Object.entries(m.values).sort(([a], [b]) => b.localeCompare(a)).map(([value, w]) => [value, capital(w)]);

function Choice({ name, label, options, values, set }: { name: string; label: string; options: [string, string][]; values: Values; set: (k: string, v: string) => void }) {
  return (
    <fieldset class="ph-choice">
      <legend>{label}</legend>
      {[...options, ["", "Not tested"] as [string, string]].map(([value, words]) => (
        <label key={value}>
          <input type="radio" name={name} value={value} checked={(values[name] ?? "") === value} onChange={() => set(name, value)} /> {words}
        </label>
      ))}
    </fieldset>
  );
}

export function MeasureForm({ patient, enrolments, onSaved }: Props) {
  const injured = enrolments.find((e) => e.protocol !== "return-to-run")?.side ?? "left";
  const uninjured = injured === "left" ? "right" : "left";
  const [values, setValues] = useState<Values>({ date: today(), method: "isometric" });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const [errors, setErrors] = useState<string[]>([]);
  const set = (k: string, v: string) => setValues((old) => ({ ...old, [k]: v }));
  const num = (k: string) => (values[k] ?? "").trim() === "" ? null : Number(values[k]);
  const id = (k: string) => `measure-${patient.id}-${k}`;

  const injuredValue = num(`lsi_${injured}`);
  const otherValue = num(`lsi_${uninjured}`);
  const lsiPreview = injuredValue !== null && otherValue ? Math.round((injuredValue / otherValue) * 1000) / 10 : null;

  // Knee-flexion strength has its own fieldset (both sides, or the LSI itself).
  const functionTests = measures("function").filter((m) => m.key !== "knee_flexion_lsi");
  const answered = [...measures("check"), ...measures("clearance"), ...measures("provocation")];

  function bodies(): Body[] {
    const out: Body[] = [];
    const method = values.method;
    for (const side of ["left", "right"]) {
      const v = num(`lsi_${side}`);
      if (v !== null) out.push({ key: "knee_flexion_lsi", value: v, side, method });
    }
    const pct = num("lsi_pct");
    if (pct !== null) out.push({ key: "knee_flexion_lsi", value: pct, method });
    for (const t of functionTests) {
      for (const side of t.per_side ? ["left", "right"] : [""]) {
        const v = num(side ? `${t.key}_${side}` : t.key);
        if (v !== null) out.push({ key: t.key, value: v, ...(side ? { side } : {}) });
      }
    }
    for (const t of measures("outcome")) { const v = num(t.key); if (v !== null) out.push({ key: t.key, value: v }); }
    for (const { key } of answered) {
      if (values[key]) out.push({ key, value: Number(values[key]) });
    }
    return out;
  }

  async function submit(event: Event) {
    event.preventDefault();
    const list = bodies();
    if (!list.length) { setErrors(["Enter at least one result."]); return; }
    setBusy(true); setErrors([]); setMessage("");
    const failed: string[] = [];
    for (const body of list) {
      try {
        await api("measurements/", { method: "POST", body: { id: uuid(), date: values.date, patient: patient.id, ...body } });
      } catch (e) {
        failed.push(`${measureLabel(body.key)}${body.side ? ` (${body.side})` : ""}: ${errorText(e)}`);
      }
    }
    setBusy(false);
    setErrors(failed);
    if (failed.length < list.length) {
      setMessage(`Saved ${list.length - failed.length} result${list.length - failed.length === 1 ? "" : "s"} for ${values.date}.`);
      if (!failed.length) setValues({ date: values.date, method: values.method });
      onSaved();
    }
  }

  const numberField = (key: string, label: string, max = 1000) => (
    <div class="ph-field" key={key}>
      <label for={id(key)}>{label}</label>
      <input id={id(key)} type="number" inputMode="decimal" min="0" max={max} step="any" value={values[key] ?? ""} onInput={(e) => set(key, e.currentTarget.value)} />
    </div>
  );

  return (
    <section class="ph-card" aria-labelledby={`measure-title-${patient.id}`}>
      <h2 id={`measure-title-${patient.id}`}>Record clinician tests</h2>
      <form onSubmit={submit} class="ph-measure">
        <div class="ph-field">
          <label for={id("date")}>Date tested</label>
          <input id={id("date")} type="date" max={today()} value={values.date} onInput={(e) => set("date", e.currentTarget.value)} required />
        </div>
        <fieldset class="ph-group">
          <legend>Knee-flexion strength</legend>
          <div class="ph-field">
            <label for={id("method")}>Method</label>
            <select id={id("method")} value={values.method} onChange={(e) => set("method", e.currentTarget.value)}>
              <option value="isometric">Isometric</option><option value="10rm">Prone-curl 10RM</option>
            </select>
          </div>
          {numberField(`lsi_${injured}`, `Injured side (${injured}), kg or N`)}
          {numberField(`lsi_${uninjured}`, `Uninjured side (${uninjured}), kg or N`)}
          <p class="ph-preview" aria-live="polite">{lsiPreview !== null ? `LSI ${lsiPreview}%` : "LSI is computed from both sides."}</p>
          {numberField("lsi_pct", "Or the LSI itself, %")}
        </fieldset>
        <fieldset class="ph-group">
          <legend>Function tests and outcomes</legend>
          {functionTests.flatMap((t) => t.per_side
            ? ["left", "right"].map((s) => numberField(`${t.key}_${s}`, `${t.label}, ${s} (${t.unit})`, t.high))
            : [numberField(t.key, `${t.label} (${t.unit})`, t.high)])}
          {measures("outcome").map((t) => numberField(t.key, t.label, t.high))}
        </fieldset>
        <fieldset class="ph-group">
          <legend>Checks</legend>
          {measures("check").map((m) => <Choice key={m.key} name={m.key} label={m.label} options={choices(m)} values={values} set={set} />)}
        </fieldset>
        <fieldset class="ph-group">
          <legend>Red flags cleared</legend>
          <p class="muted small">An urgent red flag blocks advances and new return-to-run enrolments until you record it cleared.</p>
          {measures("clearance").map((m) => <Choice key={m.key} name={m.key} label={m.label} options={choices(m)} values={values} set={set} />)}
        </fieldset>
        <fieldset class="ph-group">
          <legend>Provocation tests</legend>
          {measures("provocation").map((m) => <Choice key={m.key} name={m.key} label={m.label} options={choices(m)} values={values} set={set} />)}
        </fieldset>
        {errors.length > 0 && <ul class="ph-error" role="alert">{errors.map((e) => <li key={e}>{e}</li>)}</ul>}
        {message && <p class="ph-ok" role="status">{message}</p>}
        <button type="submit" class="ph-primary" disabled={busy}>{busy ? "Saving…" : "Save results"}</button>
      </form>
    </section>
  );
}
