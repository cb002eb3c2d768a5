// A first-run introduction: three short screens, skippable, shown once per person on this
// device (localStorage). The account screen can show it again.
import { useEffect, useRef, useState } from "preact/hooks";
import { t, type Key } from "../i18n";
import { go } from "./util";

const seenKey = (userId: number) => `intro-seen:${userId}`;

export function introSeen(userId: number): boolean {
  try {
    return localStorage.getItem(seenKey(userId)) === "1";
  } catch {
    return true; // storage blocked: never trap the patient in the introduction
  }
}

export function markIntroSeen(userId: number, seen = true): void {
  try {
    if (seen) localStorage.setItem(seenKey(userId), "1");
    else localStorage.removeItem(seenKey(userId));
  } catch {
    /* nothing to remember with */
  }
}

type Step = { title: Key; lines: Key[] };
const STEPS: [Step, ...Step[]] = [
  { title: "intro.1.title", lines: ["intro.1.a", "intro.1.b"] },
  { title: "intro.2.title", lines: ["intro.2.a", "intro.2.b"] },
  { title: "intro.3.title", lines: ["intro.3.a", "intro.3.b"] },
];

export function Intro({ userId, onDone }: { userId: number; onDone: () => void }) {
  const [step, setStep] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  // Focus follows the steps, but the first step does not take focus from the page.
  useEffect(() => {
    if (moved.current) heading.current?.focus();
    moved.current = true;
  }, [step]);
  const finish = () => {
    markIntroSeen(userId);
    onDone();
  };
  const last = step === STEPS.length - 1;
  const { title, lines } = STEPS[step] ?? STEPS[0];
  return (
    <section class="card intro" aria-labelledby="intro-title">
      <p class="eyebrow">{t("intro.step", { n: step + 1, total: STEPS.length })}</p>
      <h2 id="intro-title" tabIndex={-1} ref={heading}>{t(title)}</h2>
      {lines.map((line) => <p key={line}>{t(line)}</p>)}
      {last && (
        <p><a href="/glossary" onClick={(e) => { e.preventDefault(); finish(); go("/glossary"); }}>{t("intro.glossary")}</a></p>
      )}
      <div class="intro-actions">
        {!last && <button type="button" class="link-button" onClick={finish}>{t("intro.skip")}</button>}
        <button type="button" class="primary" onClick={() => (last ? finish() : setStep(step + 1))}>
          {last ? t("intro.start") : t("intro.next")}
        </button>
      </div>
    </section>
  );
}
