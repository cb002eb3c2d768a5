import { useState } from "preact/hooks";
import { ApiError, type Me } from "../api";
import { errorWords } from "../offline/outbox";
import { t } from "../i18n";
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
      if (!(e instanceof ApiError)) setError(t("auth.offlineSignIn"));
      else if (e.status === 429) setError(typeof e.body?.detail === "string" ? e.body.detail : t("auth.tooMany"));
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
        <h1>{t("auth.recoveryTitle")}</h1>
        <p>{t("auth.recoveryText")}</p>
        <ul class="recovery-codes">{codes.codes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
        <button type="button" class="primary" onClick={() => onSignedIn(codes.me)}>{t("auth.recoverySaved")}</button>
      </main>
    );
  }

  return (
    <main class="narrow">
      <h1>{t("auth.appName")}</h1>
      {notice && <p class="notice" role="status">{notice}</p>}
      <form onSubmit={submit} class="stack" aria-describedby={error ? "signin-error" : undefined}>
        <label class="field">
          {t("auth.email")}
          <input name="email" type="email" autocomplete="username" inputMode="email" required />
        </label>
        <label class="field">
          {t("auth.password")}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        {setup && (
          <div class="notice">
            <p>{t("auth.addKey")}</p>
            <p><code>{setup.secret}</code></p>
            <p><a href={setup.uri}>{t("auth.openAuthenticator")}</a></p>
          </div>
        )}
        {needsCode && (
          <label class="field">
            {t("auth.code")}
            <input name="otp" autocomplete="one-time-code" inputMode="numeric" required autoFocus />
          </label>
        )}
        {error && <p id="signin-error" class="error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{busy ? t("auth.signingIn") : t("auth.signIn")}</button>
      </form>
      <p class="small"><a href="/forgot">{t("auth.forgot")}</a></p>
      <p class="muted small">{t("auth.newHere")}</p>
      <p class="disclaimer">{t("common.disclaimer")}</p>
    </main>
  );
}
