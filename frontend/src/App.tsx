import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError, type Me } from "./api";
import { loadMe } from "./auth/session";
import { SignIn } from "./auth/SignIn";
import { PatientApp } from "./patient/PatientApp";

type StaffProps = { me: Me };

/** The physio dashboard (with its charts) is its own chunk: patients' phones never load it. */
function LazyPhysio({ me }: StaffProps) {
  const [View, setView] = useState<ComponentType<StaffProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    import("./physio/PhysioApp").then((m) => setView(() => m.PhysioApp), () => setFailed(true));
  }, []);
  if (failed) return <p class="loading" role="alert">Could not load the dashboard. Check the connection and reload.</p>;
  return View ? <View me={me} /> : <p class="loading" role="status">Loading…</p>;
}

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
  return me.role === "patient" ? <PatientApp me={me} /> : <LazyPhysio me={me} />;
}
