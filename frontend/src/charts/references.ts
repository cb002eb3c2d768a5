// Reference lines on outcome charts, shared by the physio dashboard and the patient's
// Progress: the van der Made et al. 2022 cohort (BJSM 56:340, PROTOCOLS.md section 4).
// A reference for context, never a target.
import type uPlot from "uplot";

export type Reference = { label: string; short: string; y: number; lo?: number; hi?: number; color: string };

export const COHORT: Record<string, { mean: number; sd: number; n: number; words: string }> = {
  operative: { mean: 32, sd: 16, n: 26, words: "operative" },
  non_operative: { mean: 45, sd: 17, n: 33, words: "non-operative" },
};

/** PHAT at baseline (mean ± SD band) and at one year, for an avulsion track. */
export function cohortReferences(track: string | undefined): Reference[] {
  const cohort = track ? COHORT[track] : undefined;
  if (!cohort) return [];
  return [
    { label: `Cohort baseline ${cohort.mean} ± ${cohort.sd} (reference, not a target)`, short: `Cohort baseline ${cohort.mean} ± ${cohort.sd} (reference)`, y: cohort.mean, lo: cohort.mean - cohort.sd, hi: cohort.mean + cohort.sd, color: "rgba(90,90,90,1)" },
    { label: "Cohort at one year: 80 (reference, not a target)", short: "Cohort 1 year: 80 (reference)", y: 80, color: "rgba(0,114,178,1)" },
  ];
}

/** Draws each reference as a dashed line with its label, over its band if it has one. */
export function drawReferences(u: uPlot, references: Reference[]): void {
  const px = (n: number) => n * devicePixelRatio;
  const { ctx, bbox } = u;
  ctx.save();
  ctx.font = `${px(11)}px system-ui, sans-serif`;
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  for (const ref of references) {
    if (ref.lo !== undefined && ref.hi !== undefined) {
      const top = u.valToPos(ref.hi, "y", true);
      ctx.fillStyle = ref.color.replace("1)", "0.12)");
      ctx.fillRect(bbox.left, top, bbox.width, u.valToPos(ref.lo, "y", true) - top);
    }
    const y = u.valToPos(ref.y, "y", true);
    ctx.strokeStyle = ref.color;
    ctx.lineWidth = px(1.5);
    ctx.setLineDash([px(6), px(4)]);
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    ctx.fillStyle = ref.color;
    const text = ctx.measureText(ref.label).width < bbox.width - px(8) ? ref.label : ref.short;
    ctx.fillText(text, bbox.left + bbox.width - ctx.measureText(text).width - px(4), y - px(4));
  }
  ctx.restore();
}
