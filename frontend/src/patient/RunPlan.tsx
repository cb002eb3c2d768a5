import { t } from "../i18n";
import type { RunPlan } from "./types";

export function planWords(plan: RunPlan): string {
  const { repeats, run_min, walk_min } = plan;
  if (repeats > 1) return t("runplan.repeats", { repeats, run: run_min, walk: walk_min });
  if (walk_min > 0) return t("runplan.runWalk", { run: run_min, walk: walk_min });
  return t("runplan.nonstop", { run: run_min });
}

/** The level's intervals, in words and as a strip of run (dark) and walk (light) blocks. */
export function RunPlanView({ level, plan }: { level: number; plan: RunPlan }) {
  const total = plan.repeats * (plan.run_min + plan.walk_min);
  const blocks = Array.from({ length: plan.repeats }, (_, i) => i).flatMap((i) => [
    <span key={`r${i}`} class="run" style={{ flexGrow: plan.run_min }}>{plan.run_min >= 2 ? t("runplan.run") : ""}</span>,
    plan.walk_min > 0 ? <span key={`w${i}`} class="walk" style={{ flexGrow: plan.walk_min }}>{plan.walk_min >= 2 ? t("runplan.walk") : ""}</span> : null,
  ]);
  return (
    <div class="runplan">
      <h3>{t("runplan.level", { level, plan: planWords(plan) })}</h3>
      <div class="strip" aria-hidden="true">
        {blocks}
      </div>
      <p class="muted small">{t("runplan.total", { n: total })}{plan.strides ? ` ${plan.strides}` : ""}</p>
    </div>
  );
}
