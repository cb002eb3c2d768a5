import type { ComponentType } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, type Me } from "../api";
import { signOut } from "../auth/session";
import { t, type Key } from "../i18n";
import { allPages, cachedGet, sameData, savedCopy, setSavedOwner, type Cached } from "../offline/cache";
import { keepMedia } from "../offline/media";
import { startOutbox, type OutboxItem } from "../offline/outbox";
import { useOnline, useOutbox } from "../offline/useOutbox";
import { Account } from "./Account";
import { CheckIn } from "./CheckIn";
import { Glossary } from "./Glossary";
import { Intro, introSeen } from "./Intro";
import { Messages, MessagesLink } from "./Messages";
import { NewsCards } from "./News";
import { OutboxBanner } from "./Pending";
import { dueNow, QuestionnaireDue, type Questionnaire } from "./QuestionnaireDue";
import { Run } from "./Run";
import { Session } from "./Session";
import { Today } from "./Today";
import type { Enrolment, Today as TodayData } from "./types";
import { go, localDate, type PainZones } from "./util";
import "./patient.css";

type ProgressProps = { enrolments: Enrolment[]; date: string; zones?: PainZones };

let progressChunk: Promise<typeof import("./Progress")> | null = null;

/** Progress (with uPlot) is its own chunk: the daily screens load without it. Opened on
 * Progress, the chunk is fetched while the programme loads rather than after it. */
const loadProgress = () =>
  (progressChunk ??= import("./Progress").catch((error: unknown) => {
    progressChunk = null;
    throw error;
  }));

function LazyProgress(props: ProgressProps) {
  const [View, setView] = useState<ComponentType<ProgressProps> | null>(null);
  useEffect(() => {
    loadProgress().then((m) => setView(() => m.Progress));
  }, []);
  return View ? <View {...props} /> : <p class="loading" role="status">{t("app.loadingProgress")}</p>;
}

type QuestionnaireProps = { questionnaire: Questionnaire; date: string; items: OutboxItem[] };

/** The questionnaire screen is its own chunk too: it is needed every few weeks. */
function LazyQuestionnaire(props: QuestionnaireProps) {
  const [View, setView] = useState<ComponentType<QuestionnaireProps> | null>(null);
  useEffect(() => {
    import("./Questionnaire").then((m) => setView(() => m.Questionnaire));
  }, []);
  return View ? <View {...props} /> : <p class="loading" role="status">{t("app.loadingQuestions")}</p>;
}

/** Reminder settings load on demand too: few visits, and not on the daily path. */
function LazyReminders() {
  const [View, setView] = useState<ComponentType | null>(null);
  useEffect(() => {
    import("../reminders/Reminders").then((m) => setView(() => m.Reminders));
  }, []);
  return View ? <View /> : <p class="loading" role="status">{t("app.loadingReminders")}</p>;
}

type HistoryProps = { today: TodayData; date: string };

/** My history loads on demand: a look back, not the daily path. */
function LazyHistory(props: HistoryProps) {
  const [View, setView] = useState<ComponentType<HistoryProps> | null>(null);
  useEffect(() => {
    import("./History").then((m) => setView(() => m.History));
  }, []);
  return View ? <View {...props} /> : <p class="loading" role="status">{t("history.loading")}</p>;
}

/** A head-and-shoulders outline for the account link (drawn, so no font is needed). */
function PersonIcon() {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <circle cx="12" cy="8" r="4" fill="none" stroke="currentColor" stroke-width="2" />
      <path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
    </svg>
  );
}

const TABS: { path: string; label: Key; icon: string }[] = [
  { path: "/", label: "tab.today", icon: "☀" },
  { path: "/checkin", label: "tab.checkin", icon: "✎" },
  { path: "/session", label: "tab.exercises", icon: "✓" },
  { path: "/run", label: "tab.run", icon: "➜" },
  { path: "/progress", label: "tab.progress", icon: "↗" },
];

export function PatientApp({ me }: { me: Me }) {
  // Copies saved on this phone are this patient's only (set while rendering, before any
  // screen below reads one; idempotent).
  setSavedOwner(me.id);
  const [path, setPath] = useState(location.pathname);
  const [today, setToday] = useState<Cached<TodayData> | null>(null);
  const [enrolments, setEnrolments] = useState<Enrolment[]>([]);
  const [questionnaires, setQuestionnaires] = useState<Questionnaire[]>([]);
  const [problem, setProblem] = useState("");
  const items = useOutbox();
  const online = useOnline();
  // The first-run introduction, once per person on this device (Intro.tsx).
  const [intro, setIntro] = useState(() => !introSeen(me.id));

  // Which day the screens are about: the server's date when fresh; from a saved copy, the
  // phone's date if the copy is from an earlier day.
  const dayOf = (c: Cached<TodayData>) => (c.fresh || c.data.date > localDate() ? c.data.date : localDate());
  // An answer that says what is already on screen keeps it, so nothing is drawn twice.
  const showToday = (next: Cached<TodayData>) =>
    setToday((shown) => (shown && dayOf(shown) === dayOf(next) && sameData(shown.data, next.data) ? shown : next));
  const showEnrolments = (next: Enrolment[]) => setEnrolments((shown) => (sameData(shown, next) ? shown : next));
  const showQuestionnaires = (next: Questionnaire[]) => setQuestionnaires((shown) => (sameData(shown, next) ? shown : next));

  const answered = useRef(false);
  const drawings = useRef<string[] | null>(null); // the server's latest list
  const keepDrawingsHere = () => {
    if (drawings.current && (location.pathname === "/" || location.pathname === "/session")) keepMedia(drawings.current);
  };
  const refresh = useCallback(async () => {
    try {
      // Questionnaires are cached too, so a due one can be answered offline. Asked for
      // with the rest and shown with them, so a due card does not push Today down later;
      // if they cannot load, Today still shows.
      const due = cachedGet("questionnaires/", () => allPages<Questionnaire>("questionnaires/")).then((q) => q.data, () => null);
      const [t, e] = await Promise.all([
        cachedGet<TodayData>("today/"),
        cachedGet("enrolments/", () => allPages<Enrolment>("enrolments/")),
      ]);
      const q = await due;
      answered.current = true;
      showToday(t);
      if (t.fresh) {
        drawings.current = t.data.exercises.flatMap((rx) => (rx.exercise.media?.image ? [rx.exercise.media.image] : []));
        keepDrawingsHere();
      }
      showEnrolments(e.data);
      if (q) showQuestionnaires(q);
      setProblem("");
    } catch (error) {
      // The session ended (signed out elsewhere, expired): App shows the sign-in screen.
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) window.dispatchEvent(new Event("app:signed-out"));
      setProblem((error as Error).message || t("app.programmeFailed"));
    }
  }, []);

  useEffect(() => {
    if (location.pathname === "/progress") void loadProgress().catch(() => undefined);
    startOutbox(me.id);
    // What the phone saved last time is drawn at once, then the server is asked: on a weak
    // signal the patient sees their day straight away, and the two do not compete for the
    // phone's first moments.
    void showSaved().finally(refresh);
    const onNavigate = () => setPath(location.pathname);
    window.addEventListener("popstate", onNavigate);
    window.addEventListener("app:navigate", onNavigate);
    window.addEventListener("online", refresh);
    window.addEventListener("app:logs-changed", refresh); // a log deleted in My history
    return () => {
      window.removeEventListener("popstate", onNavigate);
      window.removeEventListener("app:navigate", onNavigate);
      window.removeEventListener("online", refresh);
      window.removeEventListener("app:logs-changed", refresh);
    };
  }, [me.id, refresh]);

  async function showSaved() {
    const [t, e, q] = await Promise.all([
      savedCopy<TodayData>("today/"),
      savedCopy<Enrolment[]>("enrolments/"),
      savedCopy<Questionnaire[]>("questionnaires/"),
    ]);
    // Only before the server has answered: a saved copy never replaces a fresh one.
    if (!t || answered.current) return;
    setToday(t);
    if (e) setEnrolments(e.data);
    if (q) setQuestionnaires(q.data);
  }

  // In-page scrolling and focus keep clear of the sticky top bar and the fixed tab bar,
  // whatever height large text or a wrapped bar gives them (scroll-padding in patient.css).
  const topbar = useRef<HTMLElement>(null);
  const tabbar = useRef<HTMLElement>(null);
  // Measured by a ResizeObserver, which reports sizes after layout (reading offsetHeight
  // here would force a layout of the whole page during start-up); written only when a
  // height changes (the two properties are registered without inheritance in patient.css,
  // so a change restyles the root alone).
  useEffect(() => {
    if (typeof ResizeObserver === "undefined") return;
    const root = document.documentElement.style;
    const names = new Map<Element, string>([]);
    if (topbar.current) names.set(topbar.current, "--topbar-h");
    if (tabbar.current) names.set(tabbar.current, "--tabs-h");
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const name = names.get(entry.target);
        const height = `${Math.round(entry.borderBoxSize?.[0]?.blockSize ?? (entry.target as HTMLElement).offsetHeight)}px`;
        if (name && root.getPropertyValue(name) !== height) root.setProperty(name, height);
      }
    });
    names.forEach((_, el) => observer.observe(el));
    return () => observer.disconnect();
  }, []);

  // The current tab stays in view where large text makes the tab bar scroll sideways.
  useEffect(() => {
    const nav = tabbar.current;
    const current = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (nav && current && nav.scrollWidth > nav.clientWidth)
      nav.scrollLeft = current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
  }, [path]);

  // The current phase's drawings are kept for offline use from the screens that show them
  // (Today, Exercises), once the server has said which they are; other screens open without
  // fetching them.
  useEffect(keepDrawingsHere, [path]);

  // When something is sent, the server's view (check-in done, gate) may have changed.
  const sentCount = items.filter((i) => i.status === "sent").length;
  useEffect(() => {
    if (sentCount) void refresh();
  }, [sentCount, refresh]);

  async function leave() {
    const waiting = items.some((i) => i.status === "pending");
    if (waiting && !confirm(t("app.signOutPending"))) return;
    try {
      await signOut();
      location.assign("/");
    } catch (error) {
      alert((error as Error).message);
    }
  }

  const data = today?.data;
  const date = today ? dayOf(today) : localDate();
  const onDate = items.filter((i) => i.body.date === date && (i.status === "pending" || i.status === "sent"));
  const checkin = onDate.find((i) => i.kind === "checkins") ?? (data?.checkin_done && data.date === date ? "server" : null);
  const tabs = TABS.filter((tab) => tab.path !== "/run" || data?.next_run_level);
  const protocols = new Set(data?.phases.map((p) => p.protocol));

  let screen;
  if (!data) screen = problem ? <p class="card error" role="alert">{problem}</p> : <p class="loading" role="status">{t("app.loadingProgramme")}</p>;
  else if (path === "/checkin")
    screen = <CheckIn date={date} existing={checkin} zones={data.pain_zones} loadTest={protocols.has("pht-loading")} operative={enrolments.some((e) => e.track === "operative" && e.status === "active")} />;
  else if (path === "/session") screen = <Session today={data} date={date} sessionsToday={items.filter((i) => i.kind === "sessions")} />;
  else if (path === "/run") screen = <Run today={data} date={date} runs={items.filter((i) => i.kind === "runs")} />;
  else if (path === "/progress") screen = <LazyProgress enrolments={enrolments} date={date} zones={data.pain_zones} />;
  else if (path === "/account") screen = <Account me={me} onSignOut={leave} onShowIntro={() => { setIntro(true); go("/"); }} />;
  else if (path === "/reminders") screen = <LazyReminders />;
  else if (path === "/messages") screen = <Messages me={me} />;
  else if (path === "/glossary") screen = <Glossary zones={data.pain_zones} />;
  else if (path === "/history") screen = <LazyHistory today={data} date={date} />;
  else if (path.startsWith("/questionnaire/")) {
    const q = questionnaires.find((x) => x.key === path.split("/")[2]);
    screen = q ? <LazyQuestionnaire questionnaire={q} date={date} items={items} /> : <p class="loading" role="status">{t("app.loadingQuestions")}</p>;
  } else
    screen = (
      <Today today={data} date={date} checkinDone={!!checkin} sessionsToday={onDate.filter((i) => i.kind === "sessions").length}>
        <QuestionnaireDue due={dueNow(questionnaires, date, items)} />
        <NewsCards news={data.news ?? []} userId={me.id} date={date} outbox={items} />
      </Today>
    );

  return (
    <div class="patient">
      {/* The bar wraps rather than squeezing: at 320 px or with large text the links move
          to a second row. Sign-out lives on the account screen, one tap away. */}
      <header class="topbar" ref={topbar}>
        <span class="brand">{t("app.brand")}</span>
        {!online && <span class="offline-pill" role="status">{t("app.offline")}</span>}
        <span class="topbar-end">
          <MessagesLink path={path} />
          <a class="who" href="/account" aria-current={path === "/account" ? "page" : undefined}
            title={t("app.accountTitle")} onClick={(e) => { e.preventDefault(); go("/account"); }}>
            <PersonIcon />
            <span class="sr-only">{t("app.accountLabel")} </span>
            <span class="who-name">{me.name}</span>
          </a>
        </span>
      </header>
      <main id="main">
        <OutboxBanner items={items} online={online} />
        {problem && data && <p class="notice" role="status">{t("app.notUpdated", { reason: problem })}</p>}
        {intro && data && path === "/" && <Intro userId={me.id} onDone={() => setIntro(false)} />}
        {screen}
      </main>
      <nav class="tabs" aria-label={t("app.screens")} ref={tabbar}>
        {tabs.map((tab) => (
          <a key={tab.path} href={tab.path} aria-current={path === tab.path ? "page" : undefined}
            onClick={(e) => { e.preventDefault(); go(tab.path); }}>
            <span class="icon" aria-hidden="true">{tab.icon}</span>
            {t(tab.label)}
          </a>
        ))}
      </nav>
    </div>
  );
}
