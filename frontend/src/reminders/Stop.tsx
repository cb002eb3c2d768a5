import { useEffect, useState } from "preact/hooks";

/** One tap to stop: the link in a reminder email opens this page, which turns reminders
 * off with the token in the address's fragment (never sent to a server log). */
export function StopReminders() {
  const [state, setState] = useState<"working" | "done" | "failed">("working");

  useEffect(() => {
    const token = decodeURIComponent(location.hash.slice(1));
    fetch("/api/v1/reminders/stop/", {
      method: "POST",
      credentials: "omit",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ token }),
    })
      .then((r) => setState(r.ok ? "done" : "failed"))
      .catch(() => setState("failed"));
  }, []);

  return (
    <main class="narrow" id="main">
      <h1>Reminders</h1>
      {state === "working" && <p role="status">Turning your reminders off…</p>}
      {state === "done" && (
        <p role="status"><strong>Reminders are off.</strong> You will get no more reminders. You can turn them on again in the app under Reminders.</p>
      )}
      {state === "failed" && (
        <p role="alert">This link did not work. Sign in and turn reminders off under Reminders on your account page.</p>
      )}
      <a class="button primary" href="/">Open the app</a>
    </main>
  );
}
