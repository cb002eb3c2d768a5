/// <reference types="vite/client" />
import { render } from "preact";
import { App } from "./App";
import { Invite } from "./auth/Invite";
import { Forgot, Reset } from "./auth/Reset";
import { initialLang, setLang } from "./i18n";
import "./style.css";

const root = document.getElementById("app")!;

function start() {
  root.textContent = ""; // drop index.html's "Loading…" placeholder: Preact does not own it
  const invite = /^\/invite\/([^/]+)\/?$/.exec(location.pathname)?.[1];
  const [, uid, token] = /^\/reset\/([^/]+)\/([^/]+)\/?$/.exec(location.pathname) ?? [];
  if (invite) {
    render(<Invite token={decodeURIComponent(invite)} onSignedIn={() => render(<App />, root)} />, root);
  } else if (uid && token) {
    render(<Reset uid={uid} token={token} onSignedIn={() => render(<App />, root)} />, root);
  } else if (/^\/forgot\/?$/.test(location.pathname)) {
    render(<Forgot />, root);
  } else if (/^\/reminders\/stop\/?$/.test(location.pathname)) {
    // The one-tap stop link from a reminder email: no sign-in needed.
    import("./reminders/Stop").then(({ StopReminders }) => render(<StopReminders />, root));
  } else {
    render(<App />, root);
  }
}

// The first screen is drawn in the chosen language (Dutch is fetched first when chosen);
// if its catalogue cannot load, English is still there.
setLang(initialLang()).catch(() => undefined).finally(start);

// The service worker (built by vite-plugin-pwa) precaches the app shell so it opens offline.
if ("serviceWorker" in navigator && import.meta.env.PROD) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      /* no offline support in this browser session; the app still works online */
    });
  });
}
