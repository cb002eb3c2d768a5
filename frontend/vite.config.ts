import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

// Built into dist/, which Django serves from the site root.
export default defineConfig({
  plugins: [preact()],
  build: { outDir: "dist", emptyOutDir: true },
  server: { proxy: { "/api": "http://127.0.0.1:8000" } },
});
