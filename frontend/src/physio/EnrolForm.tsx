// Enrol a patient in a programme: protocol, track (avulsion), side and dates.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import type { Enrolment, Patient } from "./types";
import { errorText, fetchAll, navigate, today } from "./util";

const PROTOCOLS: [string, string][] = [
  ["pht-loading", "Proximal hamstring tendinopathy: staged loading"],
  ["hamstring-avulsion", "Proximal hamstring avulsion: four phases"],
  ["return-to-run", "Return-to-run plan"],
];

export function EnrolForm({ patientId }: { patientId: number | null }) {
  const [patients, setPatients] = useState<Patient[] | null>(null);
  const [v, setV] = useState<Record<string, string>>({
    patient: patientId ? String(patientId) : "", protocol: "pht-loading", track: "non_operative", side: "", start_date: today(),
  });
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const set = (k: string) => (e: Event) => setV({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });

  useEffect(() => {
    fetchAll<Patient>("patients/").then(setPatients).catch((e) => setError(errorText(e)));
  }, []);

  const avulsion = v.protocol === "hamstring-avulsion";
  const operative = avulsion && v.track === "operative";
  const nonOperative = avulsion && v.track === "non_operative";
  const running = v.protocol === "return-to-run";

  async function submit(event: Event) {
    event.preventDefault();
    const body: Record<string, unknown> = { patient: Number(v.patient), protocol: v.protocol, side: v.side, start_date: v.start_date };
    if (v.injury_date) body.injury_date = v.injury_date;
    if (running) body.entry_confirmed = v.entry_confirmed === "yes";
    if (avulsion) {
      body.track = v.track;
      if (operative) body.surgery_date = v.surgery_date;
      if (v.tendons) body.tendons = Number(v.tendons);
      if (v.retraction_cm) body.retraction_cm = v.retraction_cm;
    }
    setBusy(true);
    setError("");
    try {
      const enrolment = await api<Enrolment>("enrolments/", { method: "POST", body });
      navigate(`/physio/patients/${enrolment.patient}`);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }

  return (
    <section class="ph-card ph-narrow" aria-labelledby="enrol-title">
      <h1 id="enrol-title">Enrol a patient</h1>
      <form onSubmit={submit} class="ph-form">
        <div class="ph-field">
          <label for="enrol-patient">Patient</label>
          <select id="enrol-patient" value={v.patient} onChange={set("patient")} required>
            <option value="">{patients ? "Choose a patient…" : "Loading patients…"}</option>
            {(patients ?? []).map((p) => <option key={p.id} value={p.id}>{p.name} ({p.email})</option>)}
          </select>
        </div>
        <div class="ph-field">
          <label for="enrol-protocol">Programme</label>
          <select id="enrol-protocol" value={v.protocol} onChange={set("protocol")}>
            {PROTOCOLS.map(([slug, name]) => <option key={slug} value={slug}>{name}</option>)}
          </select>
        </div>
        {avulsion && (
          <fieldset class="ph-choice">
            <legend>Track</legend>
            <label><input type="radio" name="track" value="non_operative" checked={v.track === "non_operative"} onChange={set("track")} /> Non-operative (starts in phase II)</label>
            <label><input type="radio" name="track" value="operative" checked={v.track === "operative"} onChange={set("track")} /> Operative (starts in phase I)</label>
          </fieldset>
        )}
        <fieldset class="ph-choice">
          <legend>Injured side</legend>
          <label><input type="radio" name="side" value="left" checked={v.side === "left"} onChange={set("side")} required /> Left</label>
          <label><input type="radio" name="side" value="right" checked={v.side === "right"} onChange={set("side")} /> Right</label>
        </fieldset>
        <div class="ph-field">
          <label for="enrol-start">Start date (the first phase begins on it; may be in the past)</label>
          <input id="enrol-start" type="date" max={today()} value={v.start_date} onInput={set("start_date")} required />
        </div>
        <div class="ph-field">
          <label for="enrol-injury">{nonOperative ? "Injury date (the time goals count from it)" : "Injury date (optional)"}</label>
          <input id="enrol-injury" type="date" max={v.surgery_date || v.start_date || today()} value={v.injury_date ?? ""} onInput={set("injury_date")} required={nonOperative} />
        </div>
        {operative && (
          <div class="ph-field">
            <label for="enrol-surgery">Surgery date</label>
            <input id="enrol-surgery" type="date" max={today()} value={v.surgery_date ?? ""} onInput={set("surgery_date")} required />
          </div>
        )}
        {avulsion && (
          <>
            <div class="ph-field">
              <label for="enrol-tendons">Tendons involved (from imaging)</label>
              <select id="enrol-tendons" value={v.tendons ?? ""} onChange={set("tendons")}>
                <option value="">Not recorded</option><option value="1">1</option><option value="2">2</option><option value="3">3</option>
              </select>
            </div>
            <div class="ph-field">
              <label for="enrol-retraction">Retraction, cm (optional)</label>
              <input id="enrol-retraction" type="number" min="0" max="50" step="0.1" inputMode="decimal" value={v.retraction_cm ?? ""} onInput={set("retraction_cm")} />
            </div>
          </>
        )}
        {running && (
          <fieldset class="ph-choice">
            <legend>Return-to-run entry checklist</legend>
            <p class="muted small">30 min brisk walk with no pain and no limp; 10 pain-free single-leg squats and 20+ single-leg bridges each side; no pain at rest; for tendinopathy a pain-free drop lunge. Without this, each item must be recorded in the 14 days before the start date.</p>
            <label>
              <input type="checkbox" name="entry_confirmed" checked={v.entry_confirmed === "yes"} onChange={(e) => setV({ ...v, entry_confirmed: e.currentTarget.checked ? "yes" : "" })} /> Entry checklist confirmed
            </label>
          </fieldset>
        )}
        {error && <p class="ph-error" role="alert">{error}</p>}
        <button type="submit" class="ph-primary" disabled={busy}>{busy ? "Enrolling…" : "Enrol"}</button>
      </form>
    </section>
  );
}
