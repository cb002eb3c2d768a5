// The one gate result the API returns (GateSerializer in rehab/gate_api.py): both the
// patient's app and the dashboard read it, so it is typed once.

export type Criterion = {
  key: string;
  label: string;
  met: boolean;
  observed: unknown;
  target: unknown;
  explanation: string;
};

export type Gate = {
  phase?: string; // the phase this gate is about: always the current one
  to_phase: string | null;
  mode: "auto" | "review" | null;
  decision: "advance" | "ready_for_review" | "hold" | "flare";
  summary: string;
  advice?: string; // after a flare-up: what the patient should do now
  criteria: Criterion[];
  flare_reasons?: Criterion[];
  hold_reasons?: Criterion[];
  blocked_by?: string[]; // open urgent red flags: no advance until the physio clears them
  warnings?: string[]; // e.g. too few strength sessions while running
  evaluated_on: string;
  evaluated_at?: string | null;
};

export type TransitionStatus = "pending" | "approved" | "declined" | "applied" | "closed";
