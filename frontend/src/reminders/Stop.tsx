import { useEffect, useState } from "preact/hooks";
import { lang, t } from "../i18n";

/** One tap to stop: the link in a reminder email opens this page, which turns reminders
 * off with the token in the address's fragment (never sent to a server log). */
export function StopReminders() {
  const [state, setState] = useState<"working" | "done" | "failed">("working");

  useEffect(() => {
    const token = decodeURIComponent(location.hash.slice(1));
    fetch("/api/v1/reminders/stop/", {
      method: "POST",
      credentials: "omit",
      headers: { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": lang() },
      body: JSON.stringify({ token }),
    })
      .then((r) => setState(r.ok ? "done" : "failed"))
      .catch(() => setState("failed"));
  }, []);

  return (
    <main class="narrow" id="main">
      <h1>{t("rem.title")}</h1>
      {state === "working" && <p role="status">{t("rem.turningOff")}</p>}
      {state === "done" && (
        <p role="status"><strong>{t("rem.off")}</strong> {t("rem.stopped")}</p>
      )}
      {state === "failed" && (
        <p role="alert">{t("rem.linkFailed")}</p>
      )}
      <a class="button primary" href="/">{t("rem.openApp")}</a>
    </main>
  );
}
