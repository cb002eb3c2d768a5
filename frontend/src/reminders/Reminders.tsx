import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { formatWeekday, t, type Key } from "../i18n";
import { pushSupport, subscribeThisBrowser, type SubscribeResult } from "./push";
import "./reminders.css";

type Settings = {
  enabled: boolean;
  checkin_time: string;
  session_days_enabled: boolean;
  session_days: number[];
  session_time: string;
  quiet_start: string | null;
  quiet_end: string | null;
  channel: "push" | "email";
  timezone: string;
  push_available: boolean;
};

// Monday first, as the API numbers them (0-6); 1 January 2024 was a Monday.
const DAYS = [1, 2, 3, 4, 5, 6, 7].map((d) => `2024-01-0${d}`);

const SUBSCRIBE_WORDS: Record<SubscribeResult, Key> = {
  subscribed: "rem.subscribed",
  denied: "rem.denied",
  unsupported: "rem.unsupported",
  failed: "rem.failed",
};

/** Reminder settings: off until the patient turns them on; the browser asks about
 * notifications only after that tap. */
export function Reminders() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Settings | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");

  useEffect(() => {
    api<Settings>("me/reminders/")
      .then((s) => {
        setSettings(s);
        setDraft(s);
        // Already allowed: renew this browser's subscription quietly (no prompt), so a
        // phone that was offline when reminders were turned on gets them by push after all.
        if (s.enabled && s.channel === "push" && s.push_available && pushSupport() === "supported" && Notification.permission === "granted")
          void subscribeThisBrowser();
      })
      .catch((e) => setError((e as Error).message || t("rem.loadFailed")));
  }, []);

  async function save(changes: Partial<Settings>, done?: string) {
    setBusy(true);
    setError("");
    try {
      const saved = await api<Settings>("me/reminders/", { method: "PATCH", body: changes });
      setSettings(saved);
      setDraft(saved);
      if (done) setMessage(done);
    } catch (e) {
      const body = e instanceof ApiError ? e.body : null;
      setError(body && typeof body === "object" && !body.detail
        ? Object.values(body).flat().join(" ")
        : (e as Error).message || t("rem.saveFailed"));
    } finally {
      setBusy(false);
    }
  }

  async function turnOn() {
    setMessage("");
    let result: SubscribeResult = "unsupported";
    if (draft!.channel === "push" && settings!.push_available) {
      setBusy(true);
      result = await subscribeThisBrowser();
    }
    await save({ ...draft!, enabled: true }, draft!.channel === "email" || !settings!.push_available
      ? t("rem.byEmail") : t(SUBSCRIBE_WORDS[result]));
  }

  if (error && !settings) return <p class="card error" role="alert">{error}</p>;
  if (!settings || !draft) return <p class="loading" role="status">{t("app.loadingReminders")}</p>;

  const set = (changes: Partial<Settings>) => setDraft({ ...draft, ...changes });
  const quiet = draft.quiet_start !== null;
  const changed = JSON.stringify(draft) !== JSON.stringify(settings);
  const blocked = pushSupport() === "denied";

  return (
    <section class="reminders" aria-labelledby="reminders-title">
      <h1 id="reminders-title">{t("rem.title")}</h1>
      {message && <p class="card done" role="status">{message}</p>}
      {error && <p class="card error" role="alert">{error}</p>}

      {!settings.enabled ? (
        <div class="card">
          <p>{t("rem.intro")}</p>
          <p class="hint">{t("rem.willAsk")}</p>
          <button type="button" class="primary wide" disabled={busy} onClick={turnOn}>
            {t("rem.turnOn")}
          </button>
        </div>
      ) : (
        <div class="card">
          <p><strong>{t("rem.on")}</strong></p>
          {blocked && draft.channel === "push" && (
            <p class="warn">{t("rem.blocked")}</p>
          )}
          <button type="button" class="wide" disabled={busy}
            onClick={() => save({ enabled: false }, t("rem.off"))}>
            {t("rem.turnOff")}
          </button>
        </div>
      )}

      <form class="card stack" onSubmit={(e) => { e.preventDefault(); void save(draft, t("rem.saved")); }}>
        <h2>{t("rem.when")}</h2>
        <p class="hint">{t("rem.timeZone", { zone: settings.timezone })}</p>
        <label class="field inline">
          <input type="time" required value={draft.checkin_time}
            onInput={(e) => set({ checkin_time: e.currentTarget.value })} />
          {t("rem.checkin")}
        </label>

        <label class="switch">
          <input type="checkbox" checked={draft.session_days_enabled}
            onChange={(e) => set({ session_days_enabled: e.currentTarget.checked })} />
          {t("rem.sessionDays")}
        </label>
        {draft.session_days_enabled && (
          <>
            <label class="field inline">
              <input type="time" required value={draft.session_time}
                onInput={(e) => set({ session_time: e.currentTarget.value })} />
              {t("rem.sessionTime")}
            </label>
            <fieldset>
              <legend>{t("rem.days")}</legend>
              <div class="chips days">
                {DAYS.map((day, i) => {
                  const on = draft.session_days.includes(i);
                  return (
                    <label key={day} class={`chip${on ? " on" : ""}`}>
                      <input type="checkbox" checked={on} onChange={() => set({
                        session_days: on ? draft.session_days.filter((d) => d !== i) : [...draft.session_days, i].sort(),
                      })} />
                      {formatWeekday(day)}
                    </label>
                  );
                })}
              </div>
              <p class="hint">{t("rem.daysHint")}</p>
            </fieldset>
          </>
        )}

        <label class="switch">
          <input type="checkbox" checked={quiet}
            onChange={(e) => set(e.currentTarget.checked
              ? { quiet_start: "22:00", quiet_end: "07:00" } : { quiet_start: null, quiet_end: null })} />
          {t("rem.quiet")}
        </label>
        {quiet && (
          <div class="times">
            <label class="field inline">
              <input type="time" required value={draft.quiet_start ?? ""}
                onInput={(e) => set({ quiet_start: e.currentTarget.value })} />
              {t("rem.from")}
            </label>
            <label class="field inline">
              <input type="time" required value={draft.quiet_end ?? ""}
                onInput={(e) => set({ quiet_end: e.currentTarget.value })} />
              {t("rem.until")}
            </label>
          </div>
        )}

        <fieldset>
          <legend>{t("rem.how")}</legend>
          <div class="chips">
            {(["push", "email"] as const).map((channel) => (
              <label key={channel} class={`chip${draft.channel === channel ? " on" : ""}`}>
                <input type="radio" name="channel" checked={draft.channel === channel}
                  onChange={() => set({ channel })} />
                {channel === "push" ? t("rem.push") : t("rem.email")}
              </label>
            ))}
          </div>
          <p class="hint">{t("rem.pushHint")}</p>
        </fieldset>

        <button type="submit" class="primary wide" disabled={busy || !changed}>{t("rem.save")}</button>
      </form>
    </section>
  );
}
