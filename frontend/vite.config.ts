import { defineConfig, type Plugin } from "vite";
import preact from "@preact/preset-vite";
import { VitePWA } from "vite-plugin-pwa";

const THEME = "#0f5c4d";

// The files only the physio dashboard loads (its lazy chunk and whatever only it imports),
// found in the bundle's import graph: the service worker leaves them out, so patients'
// phones never download the dashboard, and staff fetch it online like any page.
const dashboardOnly = new Set<string>();
const DASHBOARD_ENTRY = /\/src\/physio\/PhysioApp\.tsx$/;

function findDashboardOnlyFiles(): Plugin {
  return {
    name: "dashboard-only-files",
    apply: "build",
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((file) => (file.type === "chunk" ? [file] : []));
      const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      const patientFiles = new Set<string>();
      const visit = (name: string) => {
        const chunk = byName.get(name);
        if (!chunk || patientFiles.has(name) || DASHBOARD_ENTRY.test(chunk.facadeModuleId ?? "")) return;
        patientFiles.add(name);
        chunk.viteMetadata?.importedCss.forEach((css) => patientFiles.add(css));
        [...chunk.imports, ...chunk.dynamicImports].forEach(visit);
      };
      chunks.filter((chunk) => chunk.isEntry).forEach((chunk) => visit(chunk.fileName));
      dashboardOnly.clear();
      for (const chunk of chunks) {
        if (patientFiles.has(chunk.fileName)) continue;
        dashboardOnly.add(chunk.fileName);
        chunk.viteMetadata?.importedCss.forEach((css) => patientFiles.has(css) || dashboardOnly.add(css));
      }
    },
  };
}

// uPlot makes an Intl.NumberFormat and an Intl.DateTimeFormat as its module loads. A page's
// first Intl object costs a phone tens of milliseconds of main thread (the ICU library starts
// up), and the charts format their axes without Intl (src/patient/Charts.tsx), so uPlot makes
// them on first use instead. Each line must be found exactly once: if an upgrade of uPlot
// changes them, the build stops here rather than quietly losing the change.
const UPLOT_LAZY_INTL: [string, string][] = [
  [
    "const numFormatter = new Intl.NumberFormat(domEnv ? nav.language : 'en-US');",
    "let numIntl = null;\nconst numFormatter = { format: (v) => (numIntl ??= new Intl.NumberFormat(domEnv ? nav.language : 'en-US')).format(v) };",
  ],
  [
    "const localTz = new Intl.DateTimeFormat().resolvedOptions().timeZone;",
    "let localTzName = null;\nconst localTz = () => (localTzName ??= new Intl.DateTimeFormat().resolvedOptions().timeZone);",
  ],
  ["else if (tz == localTz)", "else if (tz == localTz())"],
];

function uplotIntlOnFirstUse(): Plugin {
  return {
    name: "uplot-intl-on-first-use",
    transform(code, id) {
      if (!/\/uplot\/dist\/uPlot\.esm\.js$/.test(id)) return null;
      for (const [line, lazy] of UPLOT_LAZY_INTL) {
        if (code.split(line).length !== 2) throw new Error(`uPlot changed: expected once: ${line}`);
        code = code.replace(line, lazy);
      }
      return { code, map: null };
    },
  };
}

// Built into dist/, which Django serves from the site root (WhiteNoise WHITENOISE_ROOT):
// /index.html, /assets/*, /sw.js (scope /, importing /push-sw.js), /manifest.webmanifest
// and the icons.
export default defineConfig({
  plugins: [
    preact(),
    uplotIntlOnFirstUse(),
    findDashboardOnlyFiles(),
    VitePWA({
      strategies: "generateSW",
      registerType: "autoUpdate",
      injectRegister: false, // src/main.tsx registers /sw.js itself
      filename: "sw.js",
      includeAssets: ["favicon.svg", "apple-touch-icon.png"],
      manifest: {
        id: "/",
        name: "Hamstring rehab tracker",
        short_name: "Rehab",
        description: "Log pain and exercise for your hamstring rehab, and see your progress.",
        lang: "en",
        start_url: "/",
        scope: "/",
        display: "standalone",
        orientation: "portrait",
        background_color: "#f7f9f8",
        theme_color: THEME,
        icons: [
          { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
          { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        globPatterns: ["**/*.{js,css,html,png,svg,webmanifest}"],
        // Exercise drawings are not precached: the app keeps the current phase's in the
        // "exercise-media" cache (src/offline/media.ts) and the worker serves them from it.
        globIgnores: ["exercises/**"],
        manifestTransforms: [
          (entries) => ({ manifest: entries.filter((entry) => !dashboardOnly.has(entry.url)), warnings: [] }),
        ],
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.origin === self.location.origin && url.pathname.startsWith("/exercises/"),
            handler: "CacheFirst",
            options: { cacheName: "exercise-media" },
          },
        ],
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/api\//, /^\/admin\//, /^\/static\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        // Web Push: show reminders and open the app on a tap (public/push-sw.js).
        importScripts: ["/push-sw.js"],
      },
    }),
  ],
  // The manifest lets tests/e2e/test_service_worker.py check what the worker precaches.
  build: { outDir: "dist", emptyOutDir: true, manifest: true },
  server: { proxy: { "/api": "http://127.0.0.1:8000" } },
});
