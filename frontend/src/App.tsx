import { useEffect, useState } from "preact/hooks";

type Me = { name: string; role: string; clinic: { name: string } | null };

export function App() {
  const [me, setMe] = useState<Me | null>(null);

  useEffect(() => {
    fetch("/api/v1/me/", { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then(setMe)
      .catch(() => setMe(null));
  }, []);

  return (
    <main>
      <h1>Hamstring rehab tracker</h1>
      <p>
        {me ? `Signed in as ${me.name} (${me.role})` : "Track your hamstring rehab with your physio."}
      </p>
      <p class="muted">
        This app supports your clinician and does not diagnose.
      </p>
      <nav>
        <a href="/api/docs/">API documentation</a>
      </nav>
    </main>
  );
}
