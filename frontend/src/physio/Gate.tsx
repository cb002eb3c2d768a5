// The current gate as a checklist: observed against target, with the engine's own words.
import type { Criterion, Gate, Protocol } from "./types";
import { stamp } from "./util";
import { words } from "./vocabulary";

export function phaseName(protocol: Protocol | undefined, key: string | null): string {
  if (!key) return "discharge";
  return protocol?.phases.find((p) => p.key === key)?.name ?? key;
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "not enough data yet";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value).replace(">=", "≥").replace("<=", "≤");
}

/** Criteria as a checklist; `reasons` lists why a hold or flare applies (met = it applies). */
export function Checklist({ criteria, reasons = false }: { criteria: Criterion[]; reasons?: boolean }) {
  return (
    <ul class="ph-checklist">
      {criteria.map((c, i) => (
        <li key={`${c.key}-${i}`} class={reasons ? "ph-reason" : c.met ? "ph-met" : "ph-unmet"}>
          <span class="ph-mark" aria-hidden="true">{reasons ? "!" : c.met ? "✓" : "✗"}</span>
          <div>
            <p><span class="ph-sr">{reasons ? "Reason: " : c.met ? "Met: " : "Not met: "}</span><strong>{c.label}</strong></p>
            <p class="ph-obs">
              Observed <b>{show(c.observed)}</b>
              {c.target !== null && c.target !== undefined && c.target !== "" && <> · target <b>{show(c.target)}</b></>}
            </p>
            {c.explanation && <p class="muted small">{c.explanation}</p>}
          </div>
        </li>
      ))}
    </ul>
  );
}

export function GatePanel({ gate, protocol }: { gate: Gate | null; protocol?: Protocol }) {
  if (!gate) return <p class="muted">Not evaluated yet. Use “Evaluate now”.</p>;
  const met = gate.criteria.filter((c) => c.met).length;
  return (
    <div class="ph-gate">
      <p>
        <span class={`ph-decision ph-decision-${gate.decision}`}>{words("decisions", gate.decision)}</span>{" "}
        Gate to <strong>{phaseName(protocol, gate.to_phase)}</strong> ({gate.mode === "auto" ? "automatic gate" : "review gate: you decide"}):
        {" "}{met} of {gate.criteria.length} criteria met.
        {gate.evaluated_at && <span class="muted small"> Evaluated {stamp(gate.evaluated_at)}.</span>}
      </p>
      {gate.summary && <p class="muted">{gate.summary}</p>}
      {(gate.warnings ?? []).map((w) => <p key={w} class="ph-blocked" role="status">Warning: {w}</p>)}
      {!!gate.blocked_by?.length && (
        <p class="ph-blocked" role="status">
          No advance until you record the clearing check for: <strong>{gate.blocked_by.map((f) => f.replace(/_/g, " ")).join(", ")}</strong>
          {" "}(acknowledging the alert does not clear it).
        </p>
      )}
      {!!gate.flare_reasons?.length && (<><h4>Why a flare (the rule that fired)</h4><Checklist reasons criteria={gate.flare_reasons} /></>)}
      {!!gate.hold_reasons?.length && (<><h4>Why hold (the rule that fired)</h4><Checklist reasons criteria={gate.hold_reasons} /></>)}
      <h4>Gate criteria</h4>
      <Checklist criteria={gate.criteria} />
    </div>
  );
}
