import { useState } from "preact/hooks";
import type { Me } from "../api";
import { saveLanguage } from "../auth/session";
import { isLang, lang, LANGUAGES, setLang, t } from "../i18n";
import { go } from "./util";

/** The language picker: switches the app at once and stores the choice on the profile,
 * so emails and the progress report use it too. */
function LanguagePicker() {
  const [problem, setProblem] = useState("");

  async function choose(event: Event) {
    const value = (event.target as HTMLSelectElement).value;
    if (!isLang(value)) return;
    setProblem("");
    try {
      await saveLanguage(value);
    } catch {
      setProblem(t("account.languageNotSaved"));
    }
    await setLang(value);
  }

  return (
    <div class="card">
      <h2>
        <label for="language">{t("account.language")}</label>
      </h2>
      <p class="hint">{t("account.languageHint")}</p>
      <div class="field">
        <select id="language" value={lang()} onChange={choose}>
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </div>
      {problem && <p class="error" role="alert">{problem}</p>}
    </div>
  );
}

/** The patient's account: who they are signed in as, and a copy of all their data. */
export function Account({ me, onSignOut, onShowIntro }: { me: Me; onSignOut: () => void; onShowIntro?: () => void }) {
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">{t("account.title")}</h1>
      <div class="card">
        <p>
          {me.clinic
            ? t("account.signedInWith", { name: me.name, email: me.email, clinic: me.clinic.name })
            : t("account.signedIn", { name: me.name, email: me.email })}
        </p>
        <button type="button" class="wide" onClick={onSignOut}>
          {t("account.signOut")}
        </button>
      </div>
      <LanguagePicker />
      <div class="card">
        <h2>{t("history.title")}</h2>
        <p>{t("history.linkText")}</p>
        <a class="button" href="/history" onClick={(e) => { e.preventDefault(); go("/history"); }}>
          {t("history.link")}
        </a>
      </div>
      <div class="card">
        <h2>{t("glossary.title")}</h2>
        <p>{t("glossary.intro")}</p>
        <a class="button" href="/glossary" onClick={(e) => { e.preventDefault(); go("/glossary"); }}>
          {t("glossary.link")}
        </a>
        {onShowIntro && (
          <p><button type="button" class="link-button" onClick={onShowIntro}>{t("intro.again")}</button></p>
        )}
      </div>
      <div class="card">
        <h2>{t("account.reminders")}</h2>
        <p>{t("account.remindersText")}</p>
        <a class="button" href="/reminders" onClick={(e) => { e.preventDefault(); go("/reminders"); }}>
          {t("account.remindersSetUp")}
        </a>
      </div>
      <div class="card">
        <h2>{t("account.data")}</h2>
        <p>{t("account.dataText")}</p>
        <a class="button primary" href="/api/v1/me/data/" download>
          {t("account.dataDownload")}
        </a>
        <p class="hint">{t("account.dataErase")}</p>
      </div>
    </section>
  );
}
