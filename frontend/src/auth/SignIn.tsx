import { useState } from "preact/hooks";
import { ApiError, type Me } from "../api";
import { errorWords } from "../offline/outbox";
import { signIn } from "./session";

type Props = { onSignedIn: (me: Me) => void; notice?: string };

export function SignIn({ onSignedIn, notice }: Props) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    setBusy(true);
    setError("");
    try {
      onSignedIn(await signIn(String(form.get("email")), String(form.get("password"))));
    } catch (e) {
      if (!(e instanceof ApiError)) setError("You are offline. Connect to the internet to sign in.");
      else if (e.status === 429) setError("Too many attempts. Wait a minute, then try again.");
      else setError(errorWords(e.body, e.status));
      setBusy(false);
    }
  }

  return (
    <main class="narrow">
      <h1>Hamstring rehab tracker</h1>
      {notice && <p class="notice" role="status">{notice}</p>}
      <form onSubmit={submit} class="stack" aria-describedby={error ? "signin-error" : undefined}>
        <label class="field">
          Email
          <input name="email" type="email" autocomplete="username" inputMode="email" required />
        </label>
        <label class="field">
          Password
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        {error && <p id="signin-error" class="error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
      </form>
      <p class="muted small">New here? Open the invite link your physio sent you to set your password.</p>
      <p class="disclaimer">This app supports your clinician and does not diagnose.</p>
    </main>
  );
}
