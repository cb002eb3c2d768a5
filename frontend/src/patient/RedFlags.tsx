// Red-flag questions in plain words and the advice for each answer (PROTOCOLS.md section 7).

export type Flag = { key: string; question: string; advice: string; urgent: boolean; operativeOnly?: boolean };

export const FLAGS: Flag[] = [
  {
    key: "suspected_avulsion",
    question: "A sudden pop or sharp pain in your buttock or the back of your thigh, with bruising, weak knee bending, or trouble sitting or walking?",
    advice: "Get an urgent medical review today: you may need a scan and an orthopaedic opinion, and delay makes repair harder. If the swelling or bruising is spreading fast, go to an emergency department now.",
    urgent: true,
  },
  {
    key: "neuro",
    question: "Numbness around your bottom or genitals, a change in bladder or bowel control, or new weakness or foot drop below the knee?",
    advice: "Numbness around your bottom or genitals, or a change in bladder or bowel control: go to an emergency department now. New weakness or foot drop below the knee: get urgent medical care today.",
    urgent: true,
  },
  {
    key: "post_op",
    question: "Since your operation: calf or thigh swelling or warmth, a red or leaking wound, fever, a new pop, or new tingling down the leg?",
    advice: "Contact your surgical team today. If swelling is spreading fast, or with fever or a painful swollen calf, go to an emergency department now.",
    urgent: true,
    operativeOnly: true,
  },
  {
    key: "non_mechanical",
    question: "Severe, constant pain that does not change with sitting or moving, or pain that wakes you at night?",
    advice: "Contact your doctor or physio today: pain like this needs checking.",
    urgent: true,
  },
  {
    key: "bone_stress",
    question: "Pain when you hop or stand on the leg that builds up when you run?",
    advice: "Stop running and hopping, and see your doctor or physio soon to rule out a stress fracture of the pelvis.",
    urgent: true,
  },
  {
    key: "sciatic",
    question: "Tingling or pain running down the back of your thigh?",
    advice: "This is common with this tendon and is not urgent. Your physio will look at it at your next review. Get help sooner if it gets worse or you notice numbness or weakness.",
    urgent: false,
  },
];

type QuestionsProps = { value: string[]; onChange: (keys: string[]) => void; operative: boolean };

export function RedFlagQuestions({ value, onChange, operative }: QuestionsProps) {
  const toggle = (key: string, on: boolean) => onChange(on ? [...value, key] : value.filter((k) => k !== key));
  return (
    <fieldset class="flags">
      <legend>Since your last check-in, have you had any of these?</legend>
      <p class="hint">Tick only what applies. Leave the rest empty.</p>
      {FLAGS.filter((f) => operative || !f.operativeOnly).map((flag) => (
        <label key={flag.key} class={`flag${value.includes(flag.key) ? " on" : ""}`}>
          <input type="checkbox" name="red_flags" value={flag.key} checked={value.includes(flag.key)} onChange={(e) => toggle(flag.key, (e.target as HTMLInputElement).checked)} />
          <span>{flag.question}</span>
        </label>
      ))}
      {value.length > 0 && (
        <p class="warn" role="alert">Save this check-in now: your physio will be alerted. The next screen tells you what to do.</p>
      )}
    </fieldset>
  );
}

/** Advice after a red-flag answer. `sent` says whether the physio has been alerted yet. */
export function RedFlagAdvice({ keys, sent }: { keys: string[]; sent: boolean }) {
  const flags = FLAGS.filter((f) => keys.includes(f.key));
  if (!flags.length) return null;
  const urgent = flags.some((f) => f.urgent);
  return (
    <section class={`redflag${urgent ? " urgent" : ""}`} role="alert" aria-labelledby="redflag-title">
      <h2 id="redflag-title">{urgent ? "Seek care now" : "Tell your physio"}</h2>
      <ul>
        {flags.map((f) => <li key={f.key}>{f.advice}</li>)}
      </ul>
      <p class="strong">
        {sent
          ? "Your physio was alerted."
          : "Your answers are saved on this phone but not sent yet, so your physio has not been alerted. Do not wait for the app: contact your clinic or a doctor now."}
      </p>
      <p class="disclaimer">This app supports your clinician and does not diagnose.</p>
    </section>
  );
}
