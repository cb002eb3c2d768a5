// One patient's plan for the current phase: dose, swap, pause, resume or add an exercise,
// each with a reason the patient sees; templates of the clinic; the plan's history.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import type { Enrolment } from "./types";
import { errorText, fetchAll, stamp } from "./util";

type Dose = { sets: number | null; reps: number | null; hold_s: number | null; load: string | null; sessions_per_week: number | null };
type Item = Dose & {
  slot: string;
  exercise: { key: string; name: string };
  replaces: { key: string; name: string } | null;
  paused: boolean;
  added: boolean;
  adjusted: string[];
  protocol_dose: Dose | null;
};
type Plan = {
  enrolment: number;
  phase: { key: string; name: string };
  version: number | null;
  items: Item[];
  note: string;
  allowed_exercises?: { key: string; name: string }[];
};
type Change = { id: number; number: number; phase: { name: string }; summary: string; reason: string; author: { name: string } | null; created_at: string };
type Template = { id: number; name: string };

/** "3 × 10 · 2×/week" or "5 × 30 s · ~70% effort · 7×/week". */
export function doseText(d: Dose): string {
  const amount = d.reps ? `${d.reps}` : d.hold_s ? `${d.hold_s} s` : "";
  return [d.sets ? `${d.sets} × ${amount}` : amount, d.load ?? "", d.sessions_per_week ? `${d.sessions_per_week}×/week` : ""]
    .filter(Boolean).join(" · ");
}

type Editing = { key: string; mode: "dose" | "swap" } | null;

/** The dose fields filled in; those left empty take the protocol's dose of the exercise. */
function given(fields: Record<string, string>): Record<string, number> {
  const dose: Record<string, number> = {};
  for (const f of ["sets", "reps", "hold_s", "sessions_per_week"]) {
    const value = fields[f]?.trim();
    if (value) dose[f] = Number(value);
  }
  return dose;
}

/** `onChanged`: after a change to the plan, which posts its reason into the conversation. */
export function PlanPanel({ enrolment, onChanged }: { enrolment: Enrolment; onChanged?: () => void }) {
  const [plan, setPlan] = useState<Plan | null>(null);
  const [changes, setChanges] = useState<Change[]>([]);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [reason, setReason] = useState("");
  const [editing, setEditing] = useState<Editing>(null);
  const [form, setForm] = useState<Record<string, string>>({});
  const [adding, setAdding] = useState<Record<string, string>>({ exercise: "", sets: "", reps: "", hold_s: "", sessions_per_week: "" });
  const [templateName, setTemplateName] = useState("");
  const [chosenTemplate, setChosenTemplate] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const base = `plan-${enrolment.id}`;

  async function load() {
    try {
      const [p, history] = await Promise.all([
        api<Plan>(`enrolments/${enrolment.id}/plan/`),
        fetchAll<Change>(`enrolments/${enrolment.id}/plan/changes/`),
      ]);
      setPlan(p);
      setChanges(history);
      setTemplates(await fetchAll<Template>(`plan-templates/?protocol=${enrolment.protocol}&phase=${p.phase.key}`));
    } catch (e) {
      setError(errorText(e));
    }
  }
  useEffect(() => { load(); }, [enrolment.id, enrolment.current_phase.key]);

  async function send(path: string, body: Record<string, unknown>, what: string) {
    setBusy(true);
    setError("");
    setDone("");
    try {
      await api(`enrolments/${enrolment.id}/plan/${path}`, { method: "POST", body: { ...body, reason: reason.trim(), based_on: plan?.version ?? 0 } });
      setEditing(null);
      // The reason stays for the next change: one reason often covers a few of them.
      setDone(what);
      onChanged?.();
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const num = (v: string | undefined) => (v === undefined || v.trim() === "" ? null : Number(v));

  function openDose(item: Item) {
    setEditing({ key: item.exercise.key, mode: "dose" });
    setForm({ sets: String(item.sets ?? ""), reps: String(item.reps ?? ""), hold_s: String(item.hold_s ?? ""),
      load: item.load ?? "", sessions_per_week: String(item.sessions_per_week ?? "") });
  }

  function saveDose(item: Item) {
    const body: Record<string, unknown> = { kind: "dose", exercise: item.exercise.key };
    for (const f of ["sets", "reps", "hold_s", "sessions_per_week"] as const) {
      const value = num(form[f]);
      if (value !== (item[f] ?? null)) body[f] = value;
    }
    if ((form.load ?? "") !== (item.load ?? "")) body.load = form.load;
    send("changes/", body, `Dose of ${item.exercise.name} saved.`);
  }

  async function saveTemplate() {
    setBusy(true);
    setError("");
    try {
      await api("plan-templates/", { method: "POST", body: { enrolment: enrolment.id, name: templateName.trim() } });
      setDone(`Saved as the clinic template “${templateName.trim()}”.`);
      setTemplateName("");
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  if (!plan) return error ? <p class="ph-error" role="alert">{error}</p> : <p class="loading">Loading plan…</p>;
  if (!plan.items.length && !plan.allowed_exercises?.length) return null;
  const inPlan = new Set(plan.items.map((i) => i.exercise.key));
  const choices = (plan.allowed_exercises ?? []).filter((e) => !inPlan.has(e.key));

  return (
    <section class="ph-plan" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`}>Plan: {plan.phase.name}{plan.version ? ` (version ${plan.version})` : " (as the protocol)"}</h3>
      <p class="muted small">{plan.note}</p>
      <label class="ph-field" for={`${base}-reason`}>Reason for the next change (the patient sees it)</label>
      <input id={`${base}-reason`} class="ph-plan-reason" value={reason} maxLength={1000}
        placeholder="e.g. Sore after the fourth set; fewer, longer holds" onInput={(e) => setReason(e.currentTarget.value)} />
      {error && <p class="ph-error" role="alert">{error}</p>}
      {done && <p class="ph-ok" role="status">{done}</p>}
      <table class="ph-table ph-plan-table">
        <thead><tr><th scope="col">Exercise</th><th scope="col">Dose</th><th scope="col">Change</th></tr></thead>
        <tbody>
          {plan.items.map((item) => {
            const open = editing?.key === item.exercise.key ? editing.mode : null;
            const id = `${base}-${item.exercise.key}`;
            return (
              <tr key={item.slot} class={item.paused ? "ph-plan-paused" : ""} data-exercise={item.exercise.key}>
                <td>
                  <strong>{item.exercise.name}</strong>
                  {item.replaces && <span class="muted small"> (instead of {item.replaces.name})</span>}
                  {" "}{item.added && <span class="ph-tag">added</span>}
                  {item.paused && <span class="ph-tag">paused</span>}
                  {!item.added && !item.paused && item.adjusted.length > 0 && <span class="ph-tag">adjusted</span>}
                </td>
                <td>
                  {doseText(item)}
                  {item.protocol_dose && item.adjusted.some((f) => f !== "exercise" && f !== "paused") && (
                    <span class="muted small"><br />protocol: {doseText(item.protocol_dose)}</span>
                  )}
                  {open === "dose" && (
                    <div class="ph-plan-edit">
                      {([["sets", "Sets"], ["reps", "Reps"], ["hold_s", "Hold (s)"], ["sessions_per_week", "Per week"]] as const).map(([f, label]) => (
                        <label key={f} class="ph-plan-num">{label}
                          <input id={`${id}-${f}`} type="number" inputMode="decimal" step={f === "sessions_per_week" ? "0.5" : "1"}
                            value={form[f] ?? ""} onInput={(e) => setForm({ ...form, [f]: e.currentTarget.value })} />
                        </label>
                      ))}
                      <label class="ph-plan-num">Load
                        <input id={`${id}-load`} value={form.load ?? ""} onInput={(e) => setForm({ ...form, load: e.currentTarget.value })} />
                      </label>
                      <button type="button" class="ph-primary" disabled={busy} onClick={() => saveDose(item)}>Save dose</button>
                      <button type="button" onClick={() => setEditing(null)}>Cancel</button>
                    </div>
                  )}
                  {open === "swap" && (
                    <div class="ph-plan-edit">
                      <label class="ph-plan-num">Swap for
                        <select id={`${id}-swap`} value={form.to ?? ""} onChange={(e) => setForm({ ...form, to: e.currentTarget.value })}>
                          <option value="">Choose…</option>
                          {choices.map((c) => <option key={c.key} value={c.key}>{c.name}</option>)}
                        </select>
                      </label>
                      <button type="button" class="ph-primary" disabled={busy || !form.to}
                        onClick={() => send("changes/", { kind: "swap", exercise: item.exercise.key, to_exercise: form.to }, `${item.exercise.name} swapped.`)}>Swap</button>
                      <button type="button" onClick={() => setEditing(null)}>Cancel</button>
                    </div>
                  )}
                </td>
                <td class="ph-plan-actions">
                  <button type="button" onClick={() => openDose(item)} aria-label={`Adjust the dose of ${item.exercise.name}`}>Adjust</button>
                  {!item.added && (
                    <button type="button" disabled={!choices.length} title={choices.length ? "" : "No other exercise is allowed in this phase"}
                      onClick={() => { setEditing({ key: item.exercise.key, mode: "swap" }); setForm({ to: "" }); }}
                      aria-label={`Swap ${item.exercise.name}`}>Swap</button>
                  )}
                  <button type="button" disabled={busy} aria-label={`${item.paused ? "Resume" : "Pause"} ${item.exercise.name}`}
                    onClick={() => send("changes/", { kind: item.paused ? "resume" : "pause", exercise: item.exercise.key },
                      `${item.exercise.name} ${item.paused ? "resumed" : "paused"}.`)}>{item.paused ? "Resume" : "Pause"}</button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {choices.length > 0 && (
        <div class="ph-plan-edit ph-plan-add">
          <label class="ph-plan-num">Add from the library
            <select id={`${base}-add`} value={adding.exercise} onChange={(e) => setAdding({ ...adding, exercise: e.currentTarget.value })}>
              <option value="">Choose an exercise…</option>
              {choices.map((c) => <option key={c.key} value={c.key}>{c.name}</option>)}
            </select>
          </label>
          {([["sets", "Sets"], ["reps", "Reps"], ["hold_s", "Hold (s)"], ["sessions_per_week", "Per week"]] as const).map(([f, label]) => (
            <label key={f} class="ph-plan-num">{label}
              <input type="number" inputMode="decimal" value={adding[f]} placeholder="protocol"
                onInput={(e) => setAdding({ ...adding, [f]: e.currentTarget.value })} />
            </label>
          ))}
          <button type="button" disabled={busy || !adding.exercise}
            onClick={() => send("changes/", { kind: "add", exercise: adding.exercise, ...given(adding) }, "Exercise added.")}>Add</button>
        </div>
      )}
      <div class="ph-plan-templates">
        <label class="ph-plan-num">Save this plan as a clinic template
          <input id={`${base}-template-name`} value={templateName} maxLength={120} placeholder="Template name" onInput={(e) => setTemplateName(e.currentTarget.value)} />
        </label>
        <button type="button" disabled={busy || !templateName.trim()} onClick={saveTemplate}>Save template</button>
        {templates.length > 0 && (
          <>
            <label class="ph-plan-num">Apply a template
              <select id={`${base}-template`} value={chosenTemplate} onChange={(e) => setChosenTemplate(e.currentTarget.value)}>
                <option value="">Choose…</option>
                {templates.map((t) => <option key={t.id} value={String(t.id)}>{t.name}</option>)}
              </select>
            </label>
            <button type="button" disabled={busy || !chosenTemplate}
              onClick={() => send("template/", { template: Number(chosenTemplate) }, "Template applied.")}>Apply</button>
          </>
        )}
      </div>
      {changes.length > 0 && (
        <details class="ph-plan-history" open={changes.length <= 3}>
          <summary>Plan changes ({changes.length})</summary>
          <ol>
            {changes.map((c) => (
              <li key={c.id}>
                <p><strong>v{c.number}</strong> · {c.phase.name}: {c.summary}</p>
                <p class="muted small">{stamp(c.created_at)}{c.author ? ` by ${c.author.name}` : ""}</p>
                <p class="ph-note">Why: “{c.reason}”</p>
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
