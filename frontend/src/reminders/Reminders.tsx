import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
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

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const SUBSCRIBE_WORDS: Record<SubscribeResult, string> = {
  subscribed: "Reminders are on. This phone will show them as notifications.",
  denied: "Reminders are on, by email: notifications are blocked for this site in your browser settings.",
  unsupported: "Reminders are on, by email: this browser cannot show notifications from the app.",
  failed: "Reminders are on, by email for now: this browser could not set up notifications (try again when online).",
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
      .catch((e) => setError((e as Error).message || "Could not load your reminders."));
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
        : (e as Error).message || "Could not save. Try again.");
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
      ? "Reminders are on. They come by email." : SUBSCRIBE_WORDS[result]);
  }

  if (error && !settings) return <p class="card error" role="alert">{error}</p>;
  if (!settings || !draft) return <p class="loading" role="status">Loading your reminders…</p>;

  const set = (changes: Partial<Settings>) => setDraft({ ...draft, ...changes });
  const quiet = draft.quiet_start !== null;
  const changed = JSON.stringify(draft) !== JSON.stringify(settings);
  const blocked = pushSupport() === "denied";

  return (
    <section class="reminders" aria-labelledby="reminders-title">
      <h1 id="reminders-title">Reminders</h1>
      {message && <p class="card done" role="status">{message}</p>}
      {error && <p class="card error" role="alert">{error}</p>}

      {!settings.enabled ? (
        <div class="card">
          <p>
            A daily nudge to check in, and one on your exercise days. Reminders only say it is
            time to check in: nothing about your health is in them.
          </p>
          <p class="hint">Your phone will ask whether the app may show notifications.</p>
          <button type="button" class="primary wide" disabled={busy} onClick={turnOn}>
            Turn on reminders
          </button>
        </div>
      ) : (
        <div class="card">
          <p><strong>✓ Reminders are on.</strong></p>
          {blocked && draft.channel === "push" && (
            <p class="warn">Notifications are blocked for this site, so reminders come by email.</p>
          )}
          <button type="button" class="wide" disabled={busy}
            onClick={() => save({ enabled: false }, "Reminders are off.")}>
            Turn off reminders
          </button>
        </div>
      )}

      <form class="card stack" onSubmit={(e) => { e.preventDefault(); void save(draft, "Saved."); }}>
        <h2>When</h2>
        <p class="hint">Times are in your time zone ({settings.timezone}).</p>
        <label class="field inline">
          <input type="time" required value={draft.checkin_time}
            onInput={(e) => set({ checkin_time: e.currentTarget.value })} />
          Daily check-in
        </label>

        <label class="switch">
          <input type="checkbox" checked={draft.session_days_enabled}
            onChange={(e) => set({ session_days_enabled: e.currentTarget.checked })} />
          Remind me on exercise days
        </label>
        {draft.session_days_enabled && (
          <>
            <label class="field inline">
              <input type="time" required value={draft.session_time}
                onInput={(e) => set({ session_time: e.currentTarget.value })} />
              Exercise reminder
            </label>
            <fieldset>
              <legend>Exercise days</legend>
              <div class="chips days">
                {DAYS.map((day, i) => {
                  const on = draft.session_days.includes(i);
                  return (
                    <label key={day} class={`chip${on ? " on" : ""}`}>
                      <input type="checkbox" checked={on} onChange={() => set({
                        session_days: on ? draft.session_days.filter((d) => d !== i) : [...draft.session_days, i].sort(),
                      })} />
                      {day}
                    </label>
                  );
                })}
              </div>
              <p class="hint">None ticked: your programme's sessions, spread over the week.</p>
            </fieldset>
          </>
        )}

        <label class="switch">
          <input type="checkbox" checked={quiet}
            onChange={(e) => set(e.currentTarget.checked
              ? { quiet_start: "22:00", quiet_end: "07:00" } : { quiet_start: null, quiet_end: null })} />
          Quiet hours (no reminders)
        </label>
        {quiet && (
          <div class="times">
            <label class="field inline">
              <input type="time" required value={draft.quiet_start ?? ""}
                onInput={(e) => set({ quiet_start: e.currentTarget.value })} />
              From
            </label>
            <label class="field inline">
              <input type="time" required value={draft.quiet_end ?? ""}
                onInput={(e) => set({ quiet_end: e.currentTarget.value })} />
              Until
            </label>
          </div>
        )}

        <fieldset>
          <legend>How</legend>
          <div class="chips">
            {(["push", "email"] as const).map((channel) => (
              <label key={channel} class={`chip${draft.channel === channel ? " on" : ""}`}>
                <input type="radio" name="channel" checked={draft.channel === channel}
                  onChange={() => set({ channel })} />
                {channel === "push" ? "Notification" : "Email"}
              </label>
            ))}
          </div>
          <p class="hint">Notifications come by email instead on a phone that cannot show them.</p>
        </fieldset>

        <button type="submit" class="primary wide" disabled={busy || !changed}>Save reminder times</button>
      </form>
    </section>
  );
}
