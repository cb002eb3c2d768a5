// The one gate result the API returns: both the patient's app and the dashboard read it.
// Generated from the OpenAPI schema (src/api/schema.d.ts, `npm run types`).
import type { components } from "./api/schema";

export type Criterion = components["schemas"]["Criterion"];
export type Gate = components["schemas"]["Gate"];
export type TransitionStatus = components["schemas"]["TransitionStatusEnum"];
