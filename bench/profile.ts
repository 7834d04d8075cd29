import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT } from "./processes.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotFunction {
  name: string;
  /** file:line (1-based), relative to the repository. */
  where: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Sampled time when the process was not idle (waiting in the event loop); shares are of this. */
  busyMs: number;
  functions: HotFunction[];
  /** Self time by area: "(garbage collector)", "(program)", native calls, node:internal, each package. */
  areas: { area: string; selfMs: number; share: number }[];
  /** Quorum's own functions (packages/*) by total time, callees included, within one synchronous run (a stack restarts after each await). */
  inclusive: HotFunction[];
}

function shortUrl(url: string): string {
  if (!url) return "";
  const path = url.startsWith("file://") ? decodeURIComponent(url.slice(7)) : url;
  return path.startsWith("/") ? relative(ROOT, path) : path;
}

function areaOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (!url) return functionName.startsWith("(") ? functionName : `(native) ${functionName || "anonymous"}`;
  if (url.startsWith("node:")) return "node:internal";
  const short = shortUrl(url);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(short);
  if (pkg) return pkg[1]!;
  const own = /^packages\/([^/]+)\//.exec(short);
  if (own) return `@quorum/${own[1]}`;
  return short;
}

/** Self time per function and per area of one `.cpuprofile` (as written by `node --cpu-prof`). */
export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time before sample i; attribute the gap after it to it instead.
    const delta = deltas[i + 1] ?? 0;
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + Math.max(0, delta));
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const functions = new Map<string, HotFunction>();
  const areas = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : "";
    const name = functionName || "(anonymous)";
    const key = `${name} ${where}`;
    const entry = functions.get(key) ?? { name, where, selfMs: 0, share: 0 };
    entry.selfMs += us / 1000;
    functions.set(key, entry);
    const area = areaOf(node);
    areas.set(area, (areas.get(area) ?? 0) + us / 1000);
  }
  // Inclusive time of our own functions: each sample counts once for every distinct function on its stack.
  const inclusive = new Map<string, HotFunction>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id, depth = 0; at !== undefined && depth < 500; at = parent.get(at), depth++) {
      const node = byId.get(at);
      if (!node?.callFrame.url.includes("/packages/")) continue;
      const where = `${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
      const name = node.callFrame.functionName || "(anonymous)";
      const key = `${name} ${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = inclusive.get(key) ?? { name, where, selfMs: 0, share: 0 };
      entry.selfMs += us / 1000;
      inclusive.set(key, entry);
    }
  }
  const totalMs = totalUs / 1000;
  const busyMs = Math.max(1e-3, totalMs - (areas.get("(idle)") ?? 0));
  areas.delete("(idle)");
  functions.delete("(idle) ");
  return {
    file: relative(ROOT, file),
    totalMs,
    busyMs,
    functions: [...functions.values()]
      .map((f) => ({ ...f, share: f.selfMs / busyMs }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top),
    areas: [...areas.entries()]
      .map(([area, selfMs]) => ({ area, selfMs, share: selfMs / busyMs }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, 15),
    inclusive: [...inclusive.values()]
      .map((f) => ({ ...f, share: f.selfMs / busyMs }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, 20),
  };
}

/** Every profile in a directory, summarized. */
export function summarizeProfiles(dir: string, top = 25): ProfileSummary[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  } catch {
    return [];
  }
  return files.sort().map((f) => summarizeProfile(join(dir, f), top));
}

export function profileMarkdown(summary: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const row = (f: HotFunction) =>
    `| \`${f.name}\` | ${f.where} | ${(f.selfMs / 1000).toFixed(2)} s | ${pct(f.share)} |`;
  const busy = (summary.busyMs / 1000).toFixed(1);
  const total = (summary.totalMs / 1000).toFixed(1);
  const lines = [
    `#### ${summary.file}: ${busy} s busy of ${total} s sampled (shares are of busy time)`,
    "",
    "| area | self time | share |",
    "| --- | ---: | ---: |",
    ...summary.areas.map((a) => `| ${a.area} | ${(a.selfMs / 1000).toFixed(2)} s | ${pct(a.share)} |`),
    "",
    "| function | where | self time | share |",
    "| --- | --- | ---: | ---: |",
    ...summary.functions.map(row),
    "",
  ];
  if (summary.inclusive.length > 0)
    lines.push(
      "| Quorum function (callees included) | where | total time | share |",
      "| --- | --- | ---: | ---: |",
      ...summary.inclusive.map(row),
      "",
    );
  return lines.join("\n");
}
