// One conversation per patient, shared by the patient app and the physio dashboard:
// free messages, the notes the patient left on logs, and the physio's decision notes.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { formatDateTime, formatShortDate, t, type Key } from "../i18n";
import "./conversation.css";

export type ConversationRow = {
  id: string;
  author: { id: number | null; name: string; role: "patient" | "physio" | "clinic_admin" | "system" };
  kind: "note" | "message" | "decision";
  text: string;
  created_at: string;
  source: null | {
    type: "checkin" | "session" | "run" | "transition";
    id: string | number;
    date: string | null;
    status?: string;
    decision?: string;
    to_phase?: string | null;
  };
};

type Page = { count: number; next: string | null; previous: string | null; results: ConversationRow[] };

const LOGS = ["checkin", "session", "run"];
const STATUSES = ["approved", "declined", "applied", "closed"];

function day(iso: string): string {
  return formatShortDate(iso, false);
}

function when(iso: string): string {
  return formatDateTime(iso, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/** What a row is about, in words: "Note on the check-in of 12 May". */
export function context(row: ConversationRow): string {
  const s = row.source;
  if (!s) return "";
  if (s.type === "transition") {
    const status = s.status ?? "";
    const what = s.decision === "override" ? t("conv.override") : STATUSES.includes(status) ? t(`conv.${status}` as Key) : t("conv.decision");
    return s.to_phase ? `${what}: ${s.to_phase}` : what;
  }
  if (!LOGS.includes(s.type)) return "";
  return s.date ? t(`conv.${s.type}Of` as Key, { date: day(s.date) }) : t(`conv.${s.type}` as Key);
}

function relative(url: string): string {
  const at = url.indexOf("/api/v1/");
  return at >= 0 ? url.slice(at + "/api/v1/".length) : url;
}

/** `refresh`: a number the page bumps when it did something that posts into the
 * conversation (a decision, a plan change), so the new row shows without waiting. */
export function Conversation({ path, meId, placeholder, heading = t("messages.title"), refresh = 0 }: {
  path: string; meId: number; placeholder: string; heading?: string; refresh?: number;
}) {
  const [rows, setRows] = useState<ConversationRow[] | null>(null);
  const [older, setOlder] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const [sending, setSending] = useState(false);
  const end = useRef<HTMLDivElement>(null);

  async function load() {
    try {
      const page = await api<Page>(`${path}?page=last`);
      setRows(page.results);
      setOlder(page.previous);
      setError("");
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t("conv.loadFailed"));
    }
  }

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => document.visibilityState === "visible" && load(), 30000);
    return () => window.clearInterval(timer);
  }, [path]);

  useEffect(() => {
    if (refresh) void load();
  }, [refresh]);

  async function showOlder() {
    if (!older) return;
    const page = await api<Page>(relative(older));
    setRows([...page.results, ...(rows ?? [])]);
    setOlder(page.previous);
  }

  async function send(event: Event) {
    event.preventDefault();
    if (!text.trim() || sending) return;
    setSending(true);
    try {
      const row = await api<ConversationRow>(path, { method: "POST", body: { text } });
      setRows([...(rows ?? []), row]);
      setText("");
      setError("");
      window.setTimeout(() => end.current?.scrollIntoView({ block: "nearest" }), 0);
    } catch (e) {
      setError(e instanceof ApiError ? (e.body?.text?.[0] ?? e.message) : t("conv.notSent"));
    } finally {
      setSending(false);
    }
  }

  return (
    <section class="conv" aria-labelledby="conv-title">
      <h2 id="conv-title">{heading}</h2>
      {older && <button type="button" class="conv-older link" onClick={showOlder}>{t("conv.older")}</button>}
      {rows === null && !error && <p class="muted" role="status">{t("conv.loading")}</p>}
      {rows !== null && rows.length === 0 && <p class="muted conv-empty">{t("conv.empty")}</p>}
      {rows !== null && rows.length > 0 && (
        <ol class="conv-list">
          {rows.map((row) => (
            <li key={row.id} class={`conv-row conv-${row.kind}${row.author.id === meId ? " conv-mine" : ""}`}>
              <div class="conv-meta">
                <strong>{row.author.id === meId ? t("conv.you") : row.author.name}</strong>
                {context(row) && <span class="conv-context"> · {context(row)}</span>}
                <time dateTime={row.created_at}> · {when(row.created_at)}</time>
              </div>
              <p class="conv-text">{row.text}</p>
            </li>
          ))}
        </ol>
      )}
      <div ref={end} />
      {error && <p class="conv-error" role="alert">{error}</p>}
      <form class="conv-form" onSubmit={send}>
        <label for="conv-text" class="conv-label">{t("conv.write")}</label>
        <textarea id="conv-text" rows={3} maxLength={2000} value={text} placeholder={placeholder}
          onInput={(e) => setText(e.currentTarget.value)} />
        <button type="submit" class="primary" disabled={sending || !text.trim()}>{sending ? t("conv.sending") : t("conv.send")}</button>
      </form>
    </section>
  );
}
