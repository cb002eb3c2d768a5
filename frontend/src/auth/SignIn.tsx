import { useState } from "preact/hooks";
import { api, type Me } from "../api";

export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [error, setError] = useState("");
  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    try {
      onSignedIn(await api<Me>("auth/login/", { method: "POST", body: Object.fromEntries(form) }));
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <main>
      <h1>Hamstring rehab tracker</h1>
      <form onSubmit={submit}>
        <label>Email <input name="email" type="email" autocomplete="username" required /></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
        {error && <p role="alert">{error}</p>}
        <button type="submit">Sign in</button>
      </form>
      <p class="muted">This app supports your clinician and does not diagnose.</p>
    </main>
  );
}
