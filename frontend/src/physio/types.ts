// Shapes of the API answers the physio screens read (DESIGN.md, "The public API, v1").

import type { Criterion, Gate, TransitionStatus } from "../gate";
export type { Criterion, Gate } from "../gate";

export type Page<T> = { count: number; next: string | null; previous: string | null; results: T[] };

export type PhaseRef = { key: string; name: string; index: number };

export type CaseloadRow = {
  patient: { id: number; name: string };
  treating_physio: number | null;
  enrolments: { id: number; protocol: string; phase: PhaseRef; days_in_phase: number; decision: string | null }[];
  flags: string[];
  /** Every reason the patient needs you, most urgent first (alert kinds, waiting_on_check, note). */
  needs: string[];
  /** The checks and measurements only you can record that the gate waits on. */
  waiting_on: string[];
  /** The patient's notes and messages you have not read. */
  unread: number;
  pain_14d: (number | null)[];
  adherence_14d: number | null;
  last_logged: string | null;
};

export type Alert = {
  id: number;
  kind: string;
  key: string;
  severity: "urgent" | "high" | "routine";
  patient: { id: number; name: string };
  enrolment: number | null;
  message: string;
  created_at: string;
  acknowledged_at: string | null;
};

export type Patient = {
  id: number;
  name: string;
  email: string;
  date_of_birth: string;
  timezone: string;
  phone: string;
  clinic: { id: number; name: string };
  treating_physio: number | null;
  treating_physio_name: string | null;
  account_active: boolean;
  created_at: string;
  invite_token?: string;
};

export type ExportJob = {
  id: number;
  kind: "logs_csv" | "outcome_report";
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  download_url: string;
  created_by: { id: number; name: string } | null;
  created_at: string;
  finished_at: string | null;
  expires_at: string | null;
  expired: boolean;
  rows: number | null;
  error: string;
  from: string;
  to: string;
};

export type ExportRecord = {
  id: number;
  kind: string;
  user: { id: number; email: string };
  patient: { id: number; name: string } | null;
  clinic_wide: boolean;
  date_from: string | null;
  date_to: string | null;
  created_at: string;
};

export type Transition = {
  id: number;
  enrolment: number;
  from_phase: string;
  to_phase: string | null;
  decision: string;
  status: TransitionStatus;
  trigger: "log" | "nightly" | "physio";
  actor: string | null;
  note: string;
  reason?: string; // why a proposal was closed
  criteria: Criterion[];
  /** The records or episodes this decision acted on (the decision ledger). */
  evidence?: { rule: string; evidence: string; evidence_on: string; action: string }[];
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
};

export type Enrolment = {
  id: number;
  patient: number;
  protocol: string;
  version: number;
  track: string;
  side: "left" | "right";
  status: string;
  start_date: string;
  injury_date: string | null;
  surgery_date: string | null;
  current_phase: PhaseRef;
  phase_started_on: string;
  gate: Gate | null;
  pending_review: Transition | null;
  running_paused_since?: string | null;
  running_paused_reason?: string;
};

export type ProtocolPhase = PhaseRef & {
  aim: string;
  tracks: string[] | null;
  typical_duration?: string;
  prescriptions: { sessions_per_week: number | null }[];
};

export type Protocol = { slug: string; name: string; version: number; phases: ProtocolPhase[] };

export type CheckIn = {
  id: string; date: string; pain_rest: number; pain_morning: number;
  sitting_minutes: number | null; load_test_pain: number | null; red_flags: string[]; note: string;
};
export type Session = { id: string; date: string; enrolment: number; pain_during: number; pain_after: number; rpe: number | null };
export type Run = { id: string; date: string; level: number; pain_during: number; pain_after: number; limp: boolean };
export type Measurement = { id: string; date: string; key: string; value: number; side: string; method: string };
