/**
 * The annotator page's JavaScript stays under 250 kB gzipped: the entry chunk and every chunk it
 * imports statically (the console, the charts and every language but English are separate,
 * lazily loaded chunks). Read from Vite's manifest of the built app.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";
import { WEB_DIST } from "./support/server.js";

interface ManifestChunk {
  file: string;
  src?: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}

const LIMIT_BYTES = 250 * 1000;

function readManifest() {
  const manifestPath = join(WEB_DIST, ".vite/manifest.json");
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run npm run build first`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, ManifestChunk>;
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
  if (!entry) throw new Error("the manifest has no entry chunk");
  // The files the annotator page loads first: the entry and what it imports statically.
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entry[0]);
  return { manifest, files };
}

it("loads every language but English only when it is chosen", () => {
  const { manifest, files } = readManifest();
  for (const language of ["de", "es", "ja", "ar"]) {
    const chunk = manifest[`src/i18n/${language}.ts`];
    expect(chunk, `${language} is its own chunk`).toBeDefined();
    expect(files.has(chunk?.file ?? ""), `${language} is not in the first load`).toBe(false);
  }
  // English is bundled: its strings are in the first load.
  const firstLoad = [...files].map((file) => readFileSync(join(WEB_DIST, file), "utf8")).join("\n");
  expect(firstLoad).toContain("Pick a project to start.");
  expect(firstLoad).not.toContain("ガイドライン");
});

it("the annotator page's JavaScript is under 250 kB gzipped", () => {
  const { manifest, files } = readManifest();

  const sizes = [...files].map((file) => {
    const bytes = readFileSync(join(WEB_DIST, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  const lazy = Object.values(manifest).filter((c) => !files.has(c.file) && c.file.endsWith(".js"));
  const lazyTotal = lazy.reduce(
    (sum, c) => sum + gzipSync(readFileSync(join(WEB_DIST, c.file)), { level: 9 }).length,
    0,
  );
  console.log(
    `annotator page JavaScript: ${(total / 1000).toFixed(1)} kB gzipped (${sizes.map((s) => `${s.file} ${(s.gzip / 1000).toFixed(1)} kB`).join(", ")}); ` +
      `lazily loaded console and charts: ${(lazyTotal / 1000).toFixed(1)} kB gzipped`,
  );
  expect(total).toBeLessThan(LIMIT_BYTES);
});
