import { useState } from "preact/hooks";
import { ApiError, type Me } from "../api";
import { errorWords } from "../offline/outbox";
import { signIn } from "./session";

type Props = { onSignedIn: (me: Me) => void; notice?: string };
type Setup = { secret: string; uri: string };

export function SignIn({ onSignedIn, notice }: Props) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [needsCode, setNeedsCode] = useState(false);
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<{ me: Me; codes: string[] } | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    setBusy(true);
    setError("");
    try {
      const me = await signIn(String(form.get("email")), String(form.get("password")), String(form.get("otp") ?? ""));
      if (me.recovery_codes?.length) setCodes({ me, codes: me.recovery_codes });
      else onSignedIn(me);
    } catch (e) {
      if (!(e instanceof ApiError)) setError("You are offline. Connect to the internet to sign in.");
      else if (e.status === 429) setError(typeof e.body?.detail === "string" ? e.body.detail : "Too many attempts. Wait a minute, then try again.");
      else {
        if (e.body?.otp_required) setNeedsCode(true);
        if (e.body?.otp_setup) setSetup(e.body.otp_setup);
        setError(errorWords(e.body, e.status));
      }
    } finally {
      setBusy(false);
    }
  }

  if (codes) {
    return (
      <main class="narrow">
        <h1>Your recovery codes</h1>
        <p>Keep these somewhere safe. Each one signs you in once if you lose your phone.</p>
        <ul class="recovery-codes">{codes.codes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
        <button type="button" class="primary" onClick={() => onSignedIn(codes.me)}>I have saved them</button>
      </main>
    );
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
        {setup && (
          <div class="notice">
            <p>Add this key to an authenticator app (or open the link on your phone):</p>
            <p><code>{setup.secret}</code></p>
            <p><a href={setup.uri}>Open in authenticator app</a></p>
          </div>
        )}
        {needsCode && (
          <label class="field">
            Authentication code
            <input name="otp" autocomplete="one-time-code" inputMode="numeric" required autoFocus />
          </label>
        )}
        {error && <p id="signin-error" class="error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
      </form>
      <p class="small"><a href="/forgot">Forgot password?</a></p>
      <p class="muted small">New here? Open the invite link your physio sent you to set your password.</p>
      <p class="disclaimer">This app supports your clinician and does not diagnose.</p>
    </main>
  );
}
