// The clinician tests and checks of PROTOCOLS.md section 5, in words.

export const FUNCTION_TESTS: { key: string; label: string; perSide?: boolean; unit: string }[] = [
  { key: "single_leg_bridge_reps", label: "Single-leg bridge", perSide: true, unit: "reps" },
  { key: "single_leg_squat_reps", label: "Pain-free single-leg squats", perSide: true, unit: "reps" },
  { key: "single_leg_balance_s", label: "Single-leg balance, injured side", unit: "s" },
  { key: "pain_free_walk_min", label: "Pain-free brisk walk", unit: "min" },
];

export const OUTCOMES = [
  { key: "phat", label: "PHAT total (0-100)" },
  { key: "visa_h", label: "VISA-H total (0-100)" },
];

export const CHECKS: Record<string, string> = {
  normal_gait: "Normal gait without aids",
  surgeon_cleared_fwb: "Surgeon cleared full weight-bearing",
  pain_free_isometric_90: "Pain-free isometric knee flexion at 90°",
  pain_free_drop_lunge: "Pain-free unweighted drop lunge",
  pain_free_sprint: "Pain-free sprint at full speed",
  shared_decision_rts: "Shared decision to return to sport recorded",
  surgeon_allows_hamstring_sets: "Surgeon allows hamstring sets (unlocks them in phase I)",
  rtr_entry_confirmed: "Return-to-run entry checklist confirmed",
  imaging_excluded_apophyseal_fracture: "Imaging excluded an apophyseal avulsion fracture",
};

// Clearing an urgent red flag (PROTOCOLS.md section 9.8): advances stay blocked until then.
export const CLEARANCES: Record<string, string> = {
  suspected_avulsion_cleared: "Suspected avulsion cleared",
  neuro_cleared: "Neurological signs cleared",
  non_mechanical_cleared: "Non-mechanical pain cleared",
  post_op_cleared: "Post-operative complication cleared",
  bone_stress_cleared: "Bone stress cleared",
  escalating_cleared: "Escalating pain cleared",
  adolescent_cleared: "Adolescent (open apophysis) flag cleared",
};

export const PROVOCATION: Record<string, string> = {
  puranen_orava: "Puranen-Orava",
  bent_knee_stretch: "Bent-knee stretch",
  modified_bent_knee_stretch: "Modified bent-knee stretch",
  fast_hamstring_stretch: "Fast hamstring stretch",
  standing_heel_drag: "Standing heel drag",
  resisted_prone_knee_flexion: "Resisted prone knee flexion",
  ischial_tenderness: "Ischial tuberosity tenderness",
};

export const MEASURE_LABELS: Record<string, string> = {
  knee_flexion_lsi: "Knee-flexion strength",
  ...Object.fromEntries(FUNCTION_TESTS.map((t) => [t.key, t.label])),
  ...Object.fromEntries(OUTCOMES.map((t) => [t.key, t.label])),
  ...CHECKS,
  ...CLEARANCES,
  ...PROVOCATION,
};

/** A recorded value in words: yes/no for checks, positive/negative for provocation tests. */
export function valueWords(key: string, value: number): string {
  if (key in CHECKS || key in CLEARANCES) return value ? "yes" : "no";
  if (key in PROVOCATION) return value ? "positive" : "negative";
  return String(value);
}
