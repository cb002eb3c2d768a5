// Shapes of the API answers the physio screens read, generated from the OpenAPI schema
// (src/api/schema.d.ts, `npm run types`).
import type { components } from "../api/schema";

type Schemas = components["schemas"];
export type { Criterion, Gate } from "../gate";

export type Page<T> = { count: number; next: string | null; previous: string | null; results: T[] };

export type PhaseRef = Schemas["PhaseRef"];
export type CaseloadRow = Schemas["CaseloadRow"];
export type Alert = Schemas["Alert"];
export type Patient = Schemas["Patient"];
export type PatientCreated = Schemas["PatientCreated"];
export type ExportJob = Schemas["ExportJob"];
export type ExportRecord = Schemas["ExportRecord"];
export type Transition = Schemas["Transition"];
export type Enrolment = Schemas["Enrolment"];
export type ProtocolPhase = Schemas["Phase"];
export type Protocol = Schemas["ProtocolDetail"];
export type CheckIn = Schemas["CheckIn"];
export type Session = Schemas["ExerciseSession"];
export type Run = Schemas["Run"];
export type Measurement = Schemas["Measurement"];
export type Vocabulary = Schemas["Vocabulary"];
