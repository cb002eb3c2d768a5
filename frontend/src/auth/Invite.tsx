import { useState } from "preact/hooks";
import { api, ApiError, type Me } from "../api";
import { errorWords } from "../offline/outbox";
import { SignIn } from "./SignIn";

/** /invite/<token>: the patient chooses a password, then signs in with it. */
export function Invite({ token, onSignedIn }: { token: string; onSignedIn: (me: Me) => void }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const password = String(form.get("password"));
    if (password !== String(form.get("confirm"))) {
      setError("The two passwords are not the same.");
      return;
    }
    setBusy(true);
    setError("");
    try {
      await api(`auth/invite/${encodeURIComponent(token)}/`, { method: "POST", body: { password } });
      history.replaceState(null, "", "/");
      setDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? errorWords(e.body, e.status) : "You are offline. Connect to the internet to set your password.");
      setBusy(false);
    }
  }

  if (done) return <SignIn onSignedIn={onSignedIn} notice="Your password is set. Please sign in with your email and the new password." />;
  return (
    <main class="narrow">
      <h1>Welcome</h1>
      <p>Your physio invited you to track your hamstring rehab. Choose a password to finish setting up.</p>
      <form onSubmit={submit} class="stack">
        <label class="field">
          New password
          <input name="password" type="password" autocomplete="new-password" minLength={8} required aria-describedby="pw-hint" />
        </label>
        <p id="pw-hint" class="muted small">At least 8 characters; not only numbers, and not a common password.</p>
        <label class="field">
          The same password again
          <input name="confirm" type="password" autocomplete="new-password" minLength={8} required />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{busy ? "Saving…" : "Set my password"}</button>
      </form>
      <p class="disclaimer">This app supports your clinician and does not diagnose.</p>
    </main>
  );
}
