import { useState } from "preact/hooks";
import { api, ApiError, type Me } from "../api";
import { errorWords } from "../offline/outbox";
import { t } from "../i18n";
import { SignIn } from "./SignIn";

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
      setError(e instanceof ApiError ? errorWords(e.body, e.status) : t("auth.offlineRetry"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="narrow">
      <h1>{t("auth.resetTitle")}</h1>
      {sent ? (
        <p class="notice" role="status">{sent}</p>
      ) : (
        <form onSubmit={submit} class="stack">
          <label class="field">
            {t("auth.email")}
            <input name="email" type="email" autocomplete="username" inputMode="email" required />
          </label>
          {error && <p class="error" role="alert">{error}</p>}
          <button type="submit" class="primary" disabled={busy}>{t("auth.emailLink")}</button>
        </form>
      )}
      <p class="small"><a href="/">{t("auth.backToSignIn")}</a></p>
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
      setError(t("auth.notSame"));
      return;
    }
    setBusy(true);
    setError("");
    try {
      await api("auth/password-reset/confirm/", { method: "POST", body: { uid, token, password } });
      history.replaceState(null, "", "/");
      setDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? errorWords(e.body, e.status) : t("auth.offlineRetry"));
      setBusy(false);
    }
  }

  if (done) return <SignIn onSignedIn={onSignedIn} notice={t("auth.passwordChanged")} />;
  return (
    <main class="narrow">
      <h1>{t("auth.chooseNew")}</h1>
      <form onSubmit={submit} class="stack">
        <label class="field">
          {t("auth.newPassword")}
          <input name="password" type="password" autocomplete="new-password" minLength={8} required />
        </label>
        <label class="field">
          {t("auth.passwordAgain")}
          <input name="confirm" type="password" autocomplete="new-password" minLength={8} required />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{t("auth.setNewPassword")}</button>
      </form>
    </main>
  );
}
