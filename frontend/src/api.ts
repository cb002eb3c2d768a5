// One fetch wrapper for the API: session cookie + CSRF token, JSON in and out, and the
// chosen language, so the server's messages come in it too.
import { lang, t } from "./i18n";

export class ApiError extends Error {
  constructor(public status: number, public body: any) {
    super(typeof body?.detail === "string" ? body.detail : t("api.failed", { status: String(status) }));
  }
}

function csrfToken(): string {
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]*)/);
  return match?.[1] ? decodeURIComponent(match[1]) : "";
}

export async function api<T = any>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = options.method ?? "GET";
  const response = await fetch(`/api/v1/${path}`, {
    method,
    credentials: "same-origin",
    headers: {
      Accept: "application/json",
      "Accept-Language": lang(),
      ...(options.body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...(method !== "GET" ? { "X-CSRFToken": csrfToken() } : {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body as T;
}

export type Me = {
  id: number;
  email: string;
  name: string;
  role: "patient" | "physio" | "clinic_admin";
  clinic: { id: number; name: string } | null;
  patient_id: number | null;
  language: "en" | "nl" | ""; // "" until chosen: the app then follows the phone
};

/** A record's id, made on the device so a retried write can never make a second row
 * (randomUUID needs a secure context; older phones get the same v4 shape). */
export function uuid(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // Version 4 in byte 6, the RFC 4122 variant in byte 8.
  const b = Array.from(crypto.getRandomValues(new Uint8Array(16)), (x, i) => (i === 6 ? (x & 0x0f) | 0x40 : i === 8 ? (x & 0x3f) | 0x80 : x));
  const h = b.map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A date as the API speaks it (YYYY-MM-DD), in the browser's time zone. */
export function localDate(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A YYYY-MM-DD date as local midnight, `plusDays` days later (negative: earlier). */
export function dayAt(iso: string, plusDays = 0): Date {
  const [y = 1970, m = 1, d = 1] = iso.split("-").map(Number);
  return new Date(y, m - 1, d + plusDays);
}
