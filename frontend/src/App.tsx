import { useEffect, useState } from "preact/hooks";
import { ApiError, type Me } from "./api";
import { loadMe } from "./auth/session";
import { SignIn } from "./auth/SignIn";
import { PatientApp } from "./patient/PatientApp";
import { PhysioApp } from "./physio/PhysioApp";

// Signed-in users get the screens of their role: patients log, staff review.
export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    loadMe()
      .then(setMe)
      .catch((error) => setMe(error instanceof ApiError ? null : undefined));
  }, []);

  if (me === undefined) return <p class="loading">Loading…</p>;
  if (me === null) return <SignIn onSignedIn={setMe} />;
  return me.role === "patient" ? <PatientApp me={me} /> : <PhysioApp me={me} />;
}
