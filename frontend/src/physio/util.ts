// Small helpers: client-side routes, paging through lists, dates, ids.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, localDate } from "../api";
import type { Page } from "./types";

let lastCaseload = "/physio";
/** The caseload as last shown (with its filter and search), for "back to caseload". */
export const caseloadPath = () => lastCaseload;
export const rememberCaseload = (path: string) => { lastCaseload = path; };

export function navigate(path: string) {
  if (location.pathname + location.search === path) return;
  history.pushState(null, "", path);
  window.dispatchEvent(new Event("physio:navigate"));
  window.scrollTo(0, 0);
}

/** The current location, updated on pushState (through navigate) and back/forward. */
export function useLocation(): string {
  const [where, setWhere] = useState(location.pathname + location.search);
  useEffect(() => {
    const update = () => setWhere(location.pathname + location.search);
    window.addEventListener("popstate", update);
    window.addEventListener("physio:navigate", update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener("physio:navigate", update);
    };
  }, []);
  return where;
}

/** A link that routes on the client (a real href, so it opens in a new tab too). */
export function linkClick(path: string) {
  return (event: MouseEvent) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(path);
  };
}

/** The API path of a `next` link (the API answers with absolute URLs). */
export function apiPath(url: string): string {
  const at = url.indexOf("/api/v1/");
  return at >= 0 ? url.slice(at + "/api/v1/".length) : url;
}

/** Every row of a paginated list, following `next`. */
export async function fetchAll<T>(path: string): Promise<T[]> {
  const rows: T[] = [];
  let next: string | null = path;
  while (next) {
    const page: Page<T> = await api<Page<T>>(next);
    rows.push(...page.results);
    next = page.next ? apiPath(page.next) : null;
  }
  return rows;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const body = error.body;
    if (body && typeof body === "object" && typeof body.detail !== "string") {
      const parts = Object.entries(body).map(([field, messages]) => {
        const words = field.replace(/_/g, " ");
        const text = Array.isArray(messages) ? messages.join(" ") : String(messages);
        return text.toLowerCase().startsWith(words) || field === "non_field_errors" ? text : `${words}: ${text}`;
      });
      if (parts.length) return parts.join("; ");
    }
    return error.message;
  }
  return "The server could not be reached. Check the connection and try again.";
}

/** Today's local date as YYYY-MM-DD. */
export const today = (): string => localDate();

/** Seconds since the epoch at UTC midnight of a YYYY-MM-DD date (the charts' x axis). */
export function dateSec(date: string): number {
  return Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 1000;
}

/** The YYYY-MM-DD date of a timestamp, in the browser's time zone. */
export const dayOf = (timestamp: string): string => localDate(new Date(timestamp));

const SHORT = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
const LONG = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const STAMP = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

export const shortDate = (date: string) => SHORT.format(new Date(dateSec(date) * 1000));
export const longDate = (date: string) => LONG.format(new Date(dateSec(date) * 1000));
export const stamp = (timestamp: string) => STAMP.format(new Date(timestamp));

export function daysAgo(date: string | null): string {
  if (!date) return "never";
  const days = Math.round((dateSec(today()) - dateSec(date)) / 86400);
  return days <= 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`;
}
