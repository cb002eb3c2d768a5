import type { RunPlan } from "./types";

export function planWords(plan: RunPlan): string {
  const { repeats, run_min, walk_min } = plan;
  if (repeats > 1) return `${repeats} × (run ${run_min} min, walk ${walk_min} min)`;
  if (walk_min > 0) return `Run ${run_min} min, walk ${walk_min} min`;
  return `Run ${run_min} minutes without stopping`;
}

/** The level's intervals, in words and as a strip of run (dark) and walk (light) blocks. */
export function RunPlanView({ level, plan }: { level: number; plan: RunPlan }) {
  const total = plan.repeats * (plan.run_min + plan.walk_min);
  const blocks = Array.from({ length: plan.repeats }, (_, i) => i).flatMap((i) => [
    <span key={`r${i}`} class="run" style={{ flexGrow: plan.run_min }}>{plan.run_min >= 2 ? "Run" : ""}</span>,
    plan.walk_min > 0 ? <span key={`w${i}`} class="walk" style={{ flexGrow: plan.walk_min }}>{plan.walk_min >= 2 ? "Walk" : ""}</span> : null,
  ]);
  return (
    <div class="runplan">
      <h3>Level {level}: {planWords(plan)}</h3>
      <div class="strip" aria-hidden="true">
        {blocks}
      </div>
      <p class="muted small">{total} minutes in all.{plan.strides ? ` ${plan.strides}` : ""}</p>
    </div>
  );
}
