import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError, type Me } from "./api";
import { loadMe, savedMe, saveLanguage } from "./auth/session";
import { SignIn } from "./auth/SignIn";
import { isLang, lang, setLang, t } from "./i18n";
import { clearSaved, sameData } from "./offline/cache";
import { PatientApp } from "./patient/PatientApp";

type StaffProps = { me: Me };

/** The physio dashboard (with its charts) is its own chunk: patients' phones never load it. */
function LazyPhysio({ me }: StaffProps) {
  const [View, setView] = useState<ComponentType<StaffProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    import("./physio/PhysioApp").then((m) => setView(() => m.PhysioApp), () => setFailed(true));
  }, []);
  if (failed) return <p class="loading" role="alert">{t("app.dashboardFailed")}</p>;
  return View ? <View me={me} /> : <p class="loading" role="status">{t("app.loading")}</p>;
}

// Signed-in users get the screens of their role: patients log, staff review.
export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [current, setCurrent] = useState(lang());

  useEffect(() => {
    // The profile saved on this phone opens the app at once; the server's answer follows
    // and wins (a closed session turns into the sign-in screen).
    let answered = false;
    void savedMe().then((saved) => {
      if (saved && !answered) setMe((current) => (current === undefined ? saved : current));
    });
    loadMe()
      .then((fresh) => setMe((current) => (current && fresh && sameData(current, fresh) ? current : fresh)))
      .catch((error) => setMe((current) => current ?? (error instanceof ApiError ? null : undefined)))
      .finally(() => (answered = true));
    const onLang = () => setCurrent(lang());
    // A screen found the session closed: forget this person's saved copies, then sign in.
    const onSignedOut = () => void clearSaved().finally(() => setMe(null));
    window.addEventListener("app:lang", onLang);
    window.addEventListener("app:signed-out", onSignedOut);
    return () => {
      window.removeEventListener("app:lang", onLang);
      window.removeEventListener("app:signed-out", onSignedOut);
    };
  }, []);

  // The profile's language wins (chosen on another phone, say); a profile without one
  // takes this device's, so emails and reports speak it too.
  useEffect(() => {
    if (!me) return;
    if (isLang(me.language)) void setLang(me.language).catch(() => undefined);
    else void saveLanguage(lang()).catch(() => undefined);
  }, [me]);

  // Still asking who is signed in: a main landmark from the first paint (assistive tech and
  // Lighthouse read the page before the answer comes).
  if (me === undefined) return <main class="loading">{t("app.loading")}</main>;
  if (me === null) return <SignIn key={current} onSignedIn={setMe} />;
  // Keyed by person and language: another person starts afresh, a new language redraws
  // every screen in it.
  return me.role === "patient" ? <PatientApp key={`${me.id}:${current}`} me={me} /> : <LazyPhysio me={me} />;
}
