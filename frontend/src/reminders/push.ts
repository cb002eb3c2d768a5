// This browser's Web Push subscription: asked for only after the patient taps
// "Turn on reminders", never on page load.
import { api } from "../api";

export type PushSupport = "supported" | "unsupported" | "denied";

export function pushSupport(): PushSupport {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window))
    return "unsupported";
  return Notification.permission === "denied" ? "denied" : "supported";
}

function keyBytes(base64url: string): Uint8Array {
  const padded = base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

export type SubscribeResult = "subscribed" | "denied" | "unsupported" | "failed";

/** Ask permission, subscribe with the server's VAPID key and store the subscription. */
export async function subscribeThisBrowser(): Promise<SubscribeResult> {
  if (pushSupport() === "unsupported") return "unsupported";
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return "denied";
  try {
    const { public_key } = await api<{ public_key: string }>("push-subscriptions/key/");
    const registration = await navigator.serviceWorker.ready;
    const existing = await registration.pushManager.getSubscription();
    const subscription =
      existing ??
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(public_key) as BufferSource,
      }));
    const json = subscription.toJSON();
    await api("push-subscriptions/", { method: "POST", body: { endpoint: json.endpoint, keys: json.keys } });
    return "subscribed";
  } catch {
    // No push service reachable (offline, or a browser without one): email still works.
    return "failed";
  }
}
