import { defineConfig } from "vite";

// React's automatic JSX runtime through Vite's built-in transform; no plugin needed.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    manifest: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: { proxy: { "/api": "http://localhost:8080" } },
});
