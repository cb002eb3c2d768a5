// Hold and rest timer for timed doses: a count-in, then each set's hold and the rest
// between sets. Time comes from Date.now() against the start, never from counting ticks,
// so it stays right when the phone locks or the tab sleeps; the screen is kept awake where
// the browser allows. Each change is announced (aria-live), with a buzz and a short beep.
import { useEffect, useRef, useState } from "preact/hooks";
import { t, tn } from "../i18n";
import "./timer.css";

export type Dose = { name: string; sets: number; hold_s: number; rest_s: number };
type Segment = { kind: "ready" | "hold" | "rest"; set: number; ms: number };

const COUNT_IN_S = 5;

/** The count-in, then each hold with a rest between: never empty. */
export function plan({ sets, hold_s, rest_s }: Dose): [Segment, ...Segment[]] {
  const segments: [Segment, ...Segment[]] = [{ kind: "ready", set: 1, ms: COUNT_IN_S * 1000 }];
  for (let set = 1; set <= sets; set++) {
    segments.push({ kind: "hold", set, ms: hold_s * 1000 });
    if (set < sets && rest_s > 0) segments.push({ kind: "rest", set: set + 1, ms: rest_s * 1000 });
  }
  return segments;
}

/** Where the plan stands after `elapsed` ms: the segment (null when done) and ms left in it. */
export function position(segments: Segment[], elapsed: number): { index: number; left: number } {
  let start = 0;
  for (const [index, segment] of segments.entries()) {
    const end = start + segment.ms;
    if (elapsed < end) return { index, left: end - elapsed };
    start = end;
  }
  return { index: segments.length, left: 0 };
}

function beep(audio: AudioContext | null, high: boolean) {
  if (!audio) return;
  try {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = high ? 880 : 587;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.25);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.25);
  } catch {
    /* sound is a nicety */
  }
}

const words = (kind: "ready" | "hold" | "rest") => t(`timer.${kind}`);

type Props = { dose: Dose; onDone: () => void; onClose: () => void };

export function Timer({ dose, onDone, onClose }: Props) {
  const segments = useRef(plan(dose)).current;
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [pausedAt, setPausedAt] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const audio = useRef<AudioContext | null>(null);
  const wake = useRef<{ release: () => Promise<void> } | null>(null);
  const announced = useRef(-1);

  const running = startedAt !== null && pausedAt === null;
  const elapsed = startedAt === null ? 0 : (pausedAt ?? now) - startedAt;
  const { index, left } = position(segments, elapsed);
  const done = index >= segments.length;
  const segment = segments[Math.min(index, segments.length - 1)] ?? segments[0];

  useEffect(() => {
    if (!running) return;
    const tick = () => setNow(Date.now());
    const id = setInterval(tick, 200);
    document.addEventListener("visibilitychange", tick);
    return () => {
      clearInterval(id);
      document.removeEventListener("visibilitychange", tick);
    };
  }, [running]);

  // A new segment: buzz and beep once (not again on every tick).
  useEffect(() => {
    if (startedAt === null || announced.current === index) return;
    announced.current = index;
    if (index === 0) return;
    navigator.vibrate?.(done ? [200, 100, 200] : 200);
    beep(audio.current, done || segments[index]?.kind === "hold");
    if (done) {
      void wake.current?.release().catch(() => undefined);
      onDone();
    }
  }, [index, startedAt]);

  useEffect(() => () => void wake.current?.release().catch(() => undefined), []);

  async function start() {
    // Sound may only start from a tap: make the audio context now.
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (Ctx && !audio.current) audio.current = new Ctx();
    const at = Date.now();
    setStartedAt(at);
    setNow(at);
    try {
      wake.current = await (navigator as unknown as { wakeLock?: { request: (k: string) => Promise<{ release: () => Promise<void> }> } }).wakeLock?.request("screen") ?? null;
    } catch {
      wake.current = null; // not allowed here: the timer still keeps time
    }
  }

  function pause() {
    if (pausedAt === null) setPausedAt(Date.now());
    else {
      const at = Date.now();
      setStartedAt((s) => (s ?? at) + (at - pausedAt));
      setPausedAt(null);
      setNow(at);
    }
  }

  const seconds = Math.ceil(left / 1000);
  const status = done
    ? tn("timer.done", dose.sets, { hold: dose.hold_s })
    : startedAt === null
      ? t(dose.rest_s ? "timer.idleRest" : "timer.idle", { sets: dose.sets, hold: dose.hold_s, rest: dose.rest_s })
      : segment.kind === "ready" ? words("ready") : t("timer.set", { what: words(segment.kind), set: segment.set, sets: dose.sets });

  return (
    <section class={`card timer t-${done ? "done" : startedAt === null ? "idle" : segment.kind}`} aria-labelledby="timer-title">
      <h2 id="timer-title">{t("timer.title", { name: dose.name })}</h2>
      {/* Announced once per change; the seconds below are not read out every second. */}
      <p class="timer-phase" role="status" aria-live="assertive">{status}</p>
      {!done && startedAt !== null && (
        <p class="timer-count" aria-hidden="true">{seconds}<span> s</span></p>
      )}
      {pausedAt !== null && <p class="muted small">{t("timer.paused")}</p>}
      <div class="timer-buttons">
        {startedAt === null && <button type="button" class="primary" onClick={start}>{t("timer.start")}</button>}
        {startedAt !== null && !done && <button type="button" class="primary" onClick={pause}>{pausedAt === null ? t("timer.pause") : t("timer.resume")}</button>}
        <button type="button" class="secondary" onClick={onClose}>{done ? t("timer.close") : t("timer.stop")}</button>
      </div>
    </section>
  );
}
