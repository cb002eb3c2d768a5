// The signed-in user. The session is a cookie (it survives restarts); `me` is also kept in
// IndexedDB so the app opens offline.
import { api, ApiError, type Me } from "../api";
import { t, type Lang } from "../i18n";
import { clearSaved, savedGeneration, saveUnlessCleared } from "../offline/cache";
import { kvGet, kvSet } from "../offline/db";
import { stopOutbox } from "../offline/outbox";

const KEY = "me";

/** Who was signed in when the server last answered (null if nobody): the app opens with
 * it while the server is asked. */
export async function savedMe(): Promise<Me | null> {
  return (await kvGet<Me>(KEY)) ?? null;
}

/** Who is signed in: the server's answer, or the saved copy when offline; null if nobody. */
export async function loadMe(): Promise<Me | null> {
  const asOf = savedGeneration(); // a sign-out meanwhile: this answer is not saved
  try {
    const me = await api<Me>("me/");
    await saveUnlessCleared(KEY, me, asOf);
    return me;
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.status === 401 || error.status === 403) {
        await clearSaved();
        return null;
      }
      throw error;
    }
    return (await kvGet<Me>(KEY)) ?? null;
  }
}

/** Store the language on the profile (emails and the PDF report read it there). */
export async function saveLanguage(language: Lang): Promise<Me> {
  const asOf = savedGeneration();
  const me = await api<Me>("me/", { method: "PATCH", body: { language } });
  await saveUnlessCleared(KEY, me, asOf);
  return me;
}

/** Session sign-in; `otp` is the authenticator code for accounts with a second factor
 * (the API answers 401 with `otp_required` when it is missing). */
export async function signIn(email: string, password: string, otp = ""): Promise<Me & { recovery_codes?: string[] }> {
  const me = await api<Me & { recovery_codes?: string[] }>("auth/login/", { method: "POST", body: { email, password, otp } });
  await kvSet(KEY, me);
  return me;
}

/** Sign out: end the session and forget the cached data (the outbox stays, owned by its user).
 * Needs the connection (otherwise the session cookie would sign the user back in). */
export async function signOut(): Promise<void> {
  try {
    await api("auth/logout/", { method: "POST" });
  } catch (error) {
    if (!(error instanceof ApiError)) throw new Error(t("account.offlineSignOut"));
  }
  stopOutbox();
  await clearSaved();
}
