import type { Me } from "../api";
import { go } from "./util";

/** The patient's account: who they are signed in as, and a copy of all their data. */
export function Account({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">Your account</h1>
      <div class="card">
        <p>
          Signed in as <strong>{me.name}</strong> ({me.email})
          {me.clinic ? <> with {me.clinic.name}</> : null}.
        </p>
        <button type="button" class="wide" onClick={onSignOut}>
          Sign out
        </button>
      </div>
      <div class="card">
        <h2>Reminders</h2>
        <p>A daily nudge to check in, and one on your exercise days, at times you choose.</p>
        <a class="button" href="/reminders" onClick={(e) => { e.preventDefault(); go("/reminders"); }}>
          Set up reminders
        </a>
      </div>
      <div class="card">
        <h2>Your data</h2>
        <p>
          Download everything the app holds about you: every check-in, session, run and score
          (as JSON), the same record in the FHIR format other health systems read, and your
          progress report (PDF), in one zip file.
        </p>
        <a class="button primary" href="/api/v1/me/data/" download>
          Download all my data
        </a>
        <p class="hint">
          To have your data erased, ask your clinic: they can remove your account and every
          record for good.
        </p>
      </div>
    </section>
  );
}
