// Builds web/dist, which crates/webui compiles into the chainchief binary.
//
// - `npm run dev` serves the UI with hot reload and sends /api to a running `chainchief demo`
//   (CHAINCHIEF_URL, default http://127.0.0.1:8080).
// - The build writes a gzip copy next to every compressible file (node's own zlib, no plugin to
//   download); the binary sends it to browsers that accept gzip.
// - No inline scripts: the server's Content-Security-Policy allows scripts from 'self' only.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import vue from "@vitejs/plugin-vue";
import { defineConfig, type Plugin } from "vite";

const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

function gzipCopies(): Plugin {
  let outDir = "dist";
  return {
    name: "chainchief-gzip-copies",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) {
            walk(path);
          } else if (COMPRESSIBLE.test(name)) {
            const raw = readFileSync(path);
            const packed = gzipSync(raw, { level: 9 });
            // Only worth a second copy when it saves something.
            if (packed.length < raw.length * 0.9) writeFileSync(`${path}.gz`, packed);
          }
        }
      };
      walk(outDir);
    },
  };
}

export default defineConfig({
  plugins: [vue(), gzipCopies()],
  build: {
    // ECharts alone is ~600 kB minified; it is loaded once and cached for a year (hashed name).
    chunkSizeWarningLimit: 1200,
    // No `data:` module-preload polyfill or inline script in index.html (CSP: script-src 'self').
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { "/api": process.env.CHAINCHIEF_URL ?? "http://127.0.0.1:8080" },
  },
  test: {
    include: ["src/**/*.test.ts"],
  },
});
