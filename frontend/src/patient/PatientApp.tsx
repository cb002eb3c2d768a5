import type { Me } from "../api";

export function PatientApp({ me }: { me: Me }) {
  return <main><h1>Hello {me.name}</h1></main>;
}
