import { useState } from "preact/hooks";
import { api, ApiError, type Me } from "../api";
import { errorWords } from "../offline/outbox";
import { SignIn } from "./SignIn";

const OFFLINE = "You are offline. Connect to the internet and try again.";

/** /forgot: ask for a reset link by email (the answer never says whether the email has an account). */
export function Forgot() {
  const [sent, setSent] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const email = String(new FormData(event.target as HTMLFormElement).get("email"));
    setBusy(true);
    setError("");
    try {
      setSent((await api<{ detail: string }>("auth/password-reset/", { method: "POST", body: { email } })).detail);
    } catch (e) {
      setError(e instanceof ApiError ? errorWords(e.body, e.status) : OFFLINE);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="narrow">
      <h1>Reset your password</h1>
      {sent ? (
        <p class="notice" role="status">{sent}</p>
      ) : (
        <form onSubmit={submit} class="stack">
          <label class="field">
            Email
            <input name="email" type="email" autocomplete="username" inputMode="email" required />
          </label>
          {error && <p class="error" role="alert">{error}</p>}
          <button type="submit" class="primary" disabled={busy}>Email me a reset link</button>
        </form>
      )}
      <p class="small"><a href="/">Back to sign in</a></p>
    </main>
  );
}

/** /reset/<uid>/<token>: choose a new password from the emailed link. */
export function Reset({ uid, token, onSignedIn }: { uid: string; token: string; onSignedIn: (me: Me) => void }) {
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
      await api("auth/password-reset/confirm/", { method: "POST", body: { uid, token, password } });
      history.replaceState(null, "", "/");
      setDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? errorWords(e.body, e.status) : OFFLINE);
      setBusy(false);
    }
  }

  if (done) return <SignIn onSignedIn={onSignedIn} notice="Your password is changed. Sign in with it now." />;
  return (
    <main class="narrow">
      <h1>Choose a new password</h1>
      <form onSubmit={submit} class="stack">
        <label class="field">
          New password
          <input name="password" type="password" autocomplete="new-password" minLength={8} required />
        </label>
        <label class="field">
          The same password again
          <input name="confirm" type="password" autocomplete="new-password" minLength={8} required />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>Set my new password</button>
      </form>
    </main>
  );
}
