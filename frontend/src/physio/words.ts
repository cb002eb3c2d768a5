// Plain words for the codes the API uses.

export const FLAG_WORDS: Record<string, string> = {
  red_flag: "Red flag",
  flare: "Flare",
  ready_for_review: "Ready for review",
  waiting_on_check: "Waiting on your check",
  note: "New note",
  stalled: "Stalled",
  not_responding: "Not responding",
};

export const PROTOCOL_WORDS: Record<string, string> = {
  "pht-loading": "PHT loading",
  "hamstring-avulsion": "Avulsion",
  "return-to-run": "Return to run",
};

export const DECISION_WORDS: Record<string, string> = {
  advance: "Advanced",
  ready_for_review: "Ready for review",
  hold: "Hold",
  flare: "Flare",
  override: "Physio override",
  step_back: "Step back",
};

export const STATUS_WORDS: Record<string, string> = {
  pending: "Awaiting your decision",
  approved: "Approved",
  declined: "Declined",
  applied: "Applied",
  closed: "Closed",
};

export const TRIGGER_WORDS: Record<string, string> = {
  log: "after a log",
  nightly: "nightly check",
  physio: "by a physio",
};

export const TRACK_WORDS: Record<string, string> = {
  operative: "operative",
  non_operative: "non-operative",
  standard: "",
};

export function words(table: Record<string, string>, code: string | null | undefined): string {
  if (!code) return "";
  return table[code] ?? code.replace(/_/g, " ");
}
