import { useState } from "preact/hooks";
import { api, ApiError, type Me } from "../api";
import { errorWords } from "../offline/outbox";
import { t } from "../i18n";
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
      setError(t("auth.notSame"));
      return;
    }
    setBusy(true);
    setError("");
    try {
      await api(`auth/invite/${encodeURIComponent(token)}/`, { method: "POST", body: { password } });
      history.replaceState(null, "", "/");
      setDone(true);
    } catch (e) {
      setError(e instanceof ApiError ? errorWords(e.body, e.status) : t("auth.offlineSetPassword"));
      setBusy(false);
    }
  }

  if (done) return <SignIn onSignedIn={onSignedIn} notice={t("auth.passwordSet")} />;
  return (
    <main class="narrow">
      <h1>{t("auth.welcome")}</h1>
      <p>{t("auth.invited")}</p>
      <form onSubmit={submit} class="stack">
        <label class="field">
          {t("auth.newPassword")}
          <input name="password" type="password" autocomplete="new-password" minLength={8} required aria-describedby="pw-hint" />
        </label>
        <p id="pw-hint" class="muted small">{t("auth.passwordHint")}</p>
        <label class="field">
          {t("auth.passwordAgain")}
          <input name="confirm" type="password" autocomplete="new-password" minLength={8} required />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{busy ? t("auth.saving") : t("auth.setPassword")}</button>
      </form>
      <p class="disclaimer">{t("common.disclaimer")}</p>
    </main>
  );
}
