// Web Push in the service worker (imported into the generated /sw.js by importScripts).
// A reminder's payload is {title, body, url, tag, stop_token, words}: no health details;
// `words` are the stop button's and its answers' words in the patient's language. Tapping
// the notification opens the app at `url`; "Stop reminders" turns them off with the token,
// no sign-in needed.

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : "" };
  }
  const words = data.words || {};
  const options = {
    body: data.body || "Open the app for today's plan",
    icon: "/icon-192.png",
    badge: "/icon-192.png",
    tag: data.tag || "reminder",
    data: { url: safePath(data.url), stopToken: data.stop_token || "", title: data.title, words },
  };
  if (data.stop_token) options.actions = [{ action: "stop", title: words.stop || "Stop reminders" }];
  event.waitUntil(self.registration.showNotification(data.title || "Rehab tracker", options));
});

self.addEventListener("notificationclick", (event) => {
  const notification = event.notification;
  notification.close();
  const { url, stopToken, title, words } = notification.data || {};
  if (event.action === "stop" && stopToken) {
    event.waitUntil(stopReminders(stopToken, title, words || {}));
    return;
  }
  event.waitUntil(openApp(url || "/"));
});

// Only a path in this app: a payload can never send the patient to another site.
function safePath(url) {
  return typeof url === "string" && /^\/(?!\/)/.test(url) ? url : "/";
}

async function openApp(path) {
  const target = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) {
    if (new URL(client.url).origin !== self.location.origin) continue;
    // An open app tab: bring it forward and take it to the screen.
    try {
      await client.focus();
    } catch {
      /* focus needs the tap's activation; the navigation below does not */
    }
    if (client.url === target) return client;
    try {
      return await client.navigate(target);
    } catch {
      /* a tab this worker does not control: open a new one below */
    }
  }
  return self.clients.openWindow(target);
}

async function stopReminders(token, title, words) {
  let stopped = false;
  try {
    const response = await fetch("/api/v1/reminders/stop/", {
      method: "POST",
      credentials: "omit",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ token }),
    });
    stopped = response.ok;
  } catch {
    stopped = false;
  }
  await self.registration.showNotification(title || "Rehab tracker", {
    body: stopped
      ? words.stopped || "Reminders are off. You can turn them on again in the app."
      : words.stop_failed || "Could not turn reminders off (no connection?). Open the app to turn them off.",
    icon: "/icon-192.png",
    tag: "reminders-stopped",
    data: { url: "/reminders" },
  });
}
