// Shapes of the API answers the patient screens read (DESIGN.md, "The public API, v1").

import type { Gate } from "../gate";
export type { Criterion, Gate } from "../gate";

export type RunPlan = { repeats: number; run_min: number; walk_min: number; strides?: string };

export type TodayPhase = {
  enrolment: number;
  protocol: string;
  phase: { key: string; name: string; index: number; aim: string; avoid: string[]; advice: string[]; run_plan: RunPlan | null };
  phase_started_on: string;
  track?: string;
  /** Exercises still locked in this phase, and what unlocks each (in unlock order). */
  locked?: LockedExercise[];
  /** Why the physio's return-to-run plan is paused; no runs until they restart it. */
  running_paused?: string | null;
};

export type LockedExercise = {
  exercise: { key: string; name: string };
  group: string;
  unlocks_after: string;
  remaining: number | null;
};

/** An exercise's picture (drawn for this app) and, optionally, the clinic's video. */
export type ExerciseMedia = { image: string | null; video: string | null };

export type Prescribed = {
  enrolment: number;
  exercise: { key: string; name: string; description: string; cues: string[]; media?: ExerciseMedia };
  sets: number | null;
  reps: number | null;
  hold_s: number | null;
  load: string;
  rest_s: number | null;
  sessions_per_week: number;
  notes: string;
  /** What the physio changed for this patient (dose fields, "exercise", "added"); empty: as the protocol. */
  adjusted?: string[];
};

export type Today = {
  date: string;
  phases: TodayPhase[];
  exercises: Prescribed[];
  checkin_done: boolean;
  next_run_level: number | null;
  /** Open urgent red flags (until the physio clears them with a check). */
  open_red_flags?: string[];
  /** True while one of them stops runs and loaded work (PROTOCOLS.md 9.8). */
  loading_paused?: boolean;
  /** What changed and why (rehab/news.py); absent in a copy saved by an older version. */
  news?: NewsItem[];
  disclaimer: string;
};

/** One item of Today's `news` (fields by kind, as rehab/news.py writes them). */
export type NewsItem = {
  id: string;
  kind: "red_flag" | "moved_up" | "moved_back" | "finished" | "flare" | "next";
  key?: string;
  enrolment?: number;
  protocol?: string;
  on?: string;
  from_phase?: string;
  to_phase?: string | null;
  note?: string;
  reasons?: string[];
  advice?: string;
  mode?: string | null;
  met?: number;
  total?: number;
  goals_left?: string[];
};

export type Enrolment = {
  id: number;
  protocol: string;
  version: number;
  track: string;
  status: string;
  start_date: string;
  current_phase: { key: string; name: string; index: number };
  phase_started_on: string;
  gate: Gate | null;
  pending_review: { to_phase: string | null } | null;
};

export type ProtocolPhase = { key: string; name: string; index: number; aim: string; tracks: string[] | null; typical_duration: string };
export type Protocol = { slug: string; name: string; phases: ProtocolPhase[] };

export type Transition = { from_phase: string; to_phase: string | null; status: string; created_at: string; decided_at: string | null };

export type CheckIn = { id: string; date: string; pain_rest: number; pain_morning: number; sitting_minutes: number | null; load_test_pain: number | null; red_flags: string[] };
export type Session = { id: string; date: string; enrolment: number; pain_during: number; pain_after: number };
