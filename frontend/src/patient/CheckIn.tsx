import { useState } from "preact/hooks";
import { enqueue, uuid, type OutboxItem } from "../offline/outbox";
import { PainScale } from "./PainScale";
import { SendState } from "./Pending";
import { RedFlagAdvice, RedFlagQuestions } from "./RedFlags";
import { t, type Key } from "../i18n";
import { go, niceDate, type PainZones, zone, zoneName } from "./util";

type Props = {
  date: string;
  /** The check-in already made for `date`: from this phone's outbox, or "server" when only the server knows it. */
  existing: OutboxItem | "server" | null;
  loadTest: boolean; // the daily load test belongs to the tendinopathy programme
  operative: boolean;
  /** The zones to colour pain by (Today's `pain_zones`); absent in an older saved copy. */
  zones?: PainZones;
};

const SITTING_CHOICES = [10, 20, 30, 45, 60, 90, 120, 180];
const SITTING_WORDS: Record<number, Key> = { 60: "checkin.sitting60", 90: "checkin.sitting90", 120: "checkin.sitting120", 180: "checkin.sitting180" };

function Done({ item, date, zones }: { item: OutboxItem | "server"; date: string; zones?: PainZones }) {
  if (item === "server")
    return (
      <>
        <h1>{t("checkin.title")}</h1>
        <section class="card done"><p><strong>✓ {t("checkin.doneToday", { date: niceDate(date) })}</strong> {t("checkin.comeBack")}</p></section>
      </>
    );
  const b = item.body as Record<string, any>;
  const rows: [string, number | null][] = [[t("checkin.painRest"), b.pain_rest], [t("checkin.painMorning"), b.pain_morning], [t("checkin.loadTestPain"), b.load_test_pain]];
  return (
    <>
      <h1>{t("checkin.saved")}</h1>
      <RedFlagAdvice keys={b.red_flags ?? []} sent={item.status === "sent"} />
      <section class="card">
        <h2>{niceDate(b.date)}</h2>
        <ul class="plain summary">
          {rows.flatMap(([label, v]) => (v === null || v === undefined ? [] : [[label, v] as const])).map(([label, v]) => (
            <li key={label}>
              {zones && <span class={`dot z-${zone(v, zones)}`} aria-hidden="true" />}{label}: <strong>{v}/10</strong>
              {zones && <> <span class="muted">({zoneName(zone(v, zones))})</span></>}
            </li>
          ))}
          {b.sitting_minutes !== null && <li>{t("checkin.sittingSummary")} <strong>{t("unit.min", { n: b.sitting_minutes })}</strong></li>}
        </ul>
        <SendState item={item} />
      </section>
      <button type="button" class="primary wide" onClick={() => go("/")}>{t("common.backToToday")}</button>
      {!(b.red_flags ?? []).length && <p class="disclaimer">{t("common.disclaimer")}</p>}
    </>
  );
}

export function CheckIn({ date, existing, loadTest, operative, zones }: Props) {
  const [rest, setRest] = useState<number | null>(null);
  const [morning, setMorning] = useState<number | null>(null);
  const [test, setTest] = useState<number | null>(null);
  const [sitting, setSitting] = useState("");
  const [flags, setFlags] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  if (existing) return <Done item={existing} date={date} zones={zones} />;

  async function submit(event: Event) {
    event.preventDefault();
    setTried(true);
    if (rest === null || morning === null) {
      document.querySelector<HTMLElement>(".scale.invalid, fieldset.scale")?.scrollIntoView({ block: "center" });
      return;
    }
    setBusy(true);
    try {
      await enqueue("checkins", {
        id: uuid(),
        date,
        pain_rest: rest,
        pain_morning: morning,
        sitting_minutes: sitting === "" ? null : Math.min(600, Math.max(0, Math.round(Number(sitting)))),
        load_test_pain: loadTest ? test : null,
        red_flags: flags,
        note: note.trim(),
      });
      window.scrollTo(0, 0);
    } catch (e) {
      setError(t("common.notSaved", { reason: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  }

  const missing = t("scale.missing");
  return (
    <form onSubmit={submit} class="stack" noValidate>
      <h1>{t("checkin.title")} <span class="muted light">{niceDate(date)}</span></h1>
      <PainScale name="pain_rest" legend={t("checkin.painRestNow")} value={rest} onChange={setRest} zones={zones} error={tried && rest === null ? missing : undefined} />
      <PainScale name="pain_morning" legend={t("checkin.painMorningNow")} value={morning} onChange={setMorning} zones={zones} error={tried && morning === null ? missing : undefined} />
      {loadTest && (
        <PainScale
          name="load_test_pain"
          legend={t("checkin.loadTest")}
          hint={t("checkin.loadTestHint")}
          value={test}
          onChange={setTest}
          zones={zones}
        />
      )}
      <fieldset class="sitting">
        <legend>{t("checkin.sitting")}</legend>
        <div class="chips">
          {SITTING_CHOICES.map((m) => (
            <button key={m} type="button" class={`chip${sitting === String(m) ? " on" : ""}`} aria-pressed={sitting === String(m)} onClick={() => setSitting(String(m))}>
              {SITTING_WORDS[m] ? t(SITTING_WORDS[m]) : t("unit.min", { n: m })}
            </button>
          ))}
        </div>
        <label class="field inline">
          {t("checkin.minutes")}
          <input name="sitting_minutes" type="number" inputMode="numeric" min={0} max={600} step={5} value={sitting} onInput={(e) => setSitting((e.target as HTMLInputElement).value)} />
        </label>
      </fieldset>
      <RedFlagQuestions value={flags} onChange={setFlags} operative={operative} />
      <label class="field">
        {t("checkin.note")}
        <textarea name="note" rows={2} maxLength={2000} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      </label>
      {tried && (rest === null || morning === null) && <p class="error" role="alert">{t("checkin.rateBoth")}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary wide" disabled={busy}>{t("checkin.save")}</button>
      <p class="disclaimer">{t("common.disclaimer")}</p>
    </form>
  );
}
