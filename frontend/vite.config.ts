import { defineConfig } from "vite";
import preact from "@preact/preset-vite";
import { VitePWA } from "vite-plugin-pwa";

const THEME = "#0f5c4d";

// Built into dist/, which Django serves from the site root (WhiteNoise WHITENOISE_ROOT):
// /index.html, /assets/*, /sw.js (scope /, importing /push-sw.js), /manifest.webmanifest
// and the icons.
export default defineConfig({
  plugins: [
    preact(),
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
  build: { outDir: "dist", emptyOutDir: true },
  server: { proxy: { "/api": "http://127.0.0.1:8000" } },
});
