// The patient's conversation with their physio, and the header link with the unread count.
import { useEffect, useState } from "preact/hooks";
import { api, type Me } from "../api";
import { Conversation } from "../conversation/Conversation";
import { t } from "../i18n";
import { go } from "./util";

export function Messages({ me }: { me: Me }) {
  return (
    <section aria-labelledby="messages-title">
      <h1 id="messages-title">{t("messages.title")}</h1>
      <p class="hint">
        {t("messages.hint")}
      </p>
      <div class="card">
        <Conversation path="messages/" meId={me.id} heading={t("messages.with")} placeholder={t("messages.placeholder")} />
      </div>
    </section>
  );
}

/** "Messages" in the header, with how many are unread (checked again on each screen). */
export function MessagesLink({ path }: { path: string }) {
  const [unread, setUnread] = useState(0);
  const here = path === "/messages";
  useEffect(() => {
    if (here) setUnread(0);
    else api<{ unread: number }>("messages/unread/").then((r) => setUnread(r.unread), () => undefined);
  }, [path]);
  return (
    <a class="messages-link" href="/messages" aria-current={here ? "page" : undefined}
      aria-label={unread > 0 ? t("messages.unread", { n: unread }) : t("messages.title")} title={t("messages.title")}
      onClick={(e) => { e.preventDefault(); go("/messages"); }}>
      <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
        <rect x="3" y="5.5" width="18" height="13" rx="2" fill="none" stroke="currentColor" stroke-width="2" />
        <path d="m3.5 7 8.5 6.5L20.5 7" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
      </svg>
      {unread > 0 && <span class="conv-badge" aria-hidden="true">{unread > 99 ? "99+" : unread}</span>}
    </a>
  );
}
