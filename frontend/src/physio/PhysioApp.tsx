import type { Me } from "../api";

export function PhysioApp({ me }: { me: Me }) {
  return <main><h1>{me.clinic?.name}: caseload</h1></main>;
}
