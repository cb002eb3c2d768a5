// Shapes of the API answers the patient screens read, generated from the OpenAPI schema
// (src/api/schema.d.ts, `npm run types`).
import type { components } from "../api/schema";

type Schemas = components["schemas"];
export type { Criterion, Gate } from "../gate";

export type RunPlan = Schemas["RunPlan"];
// A copy of Today saved on the phone by an older version of the app may lack the newer
// fields (`news`, the pain zones), so those are read as optional.
type Stale<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
export type TodayPhase = Stale<Schemas["TodayPhase"], "pain_zones">;
export type LockedExercise = Schemas["Locked"];
/** An exercise's picture (drawn for this app) and, optionally, the clinic's video. */
export type ExerciseMedia = Schemas["Media"];
export type Prescribed = Schemas["TodayExercise"];
export type Today = Stale<Omit<Schemas["Today"], "phases">, "news" | "pain_zones"> & { phases: TodayPhase[] };
export type NewsItem = Schemas["NewsItem"];
export type Enrolment = Schemas["Enrolment"];
export type ProtocolPhase = Schemas["Phase"];
export type Protocol = Schemas["ProtocolDetail"];
export type Transition = Schemas["Transition"];
export type CheckIn = Schemas["CheckIn"];
export type Session = Schemas["ExerciseSession"];
