import { loadavg } from "node:os";
import { processCpuSeconds } from "./cpu.js";
import { Histogram } from "./histogram.js";

/** The API calls each console page makes when it opens (as the web app's pages do, in parallel). */
const PAGES: Record<string, (projectId: number) => string[]> = {
  "project page": (id) => [
    `/projects/${id}`,
    `/projects/${id}/stats?hours=72`,
    `/projects/${id}/quality?days=14`,
    `/projects/${id}/activity`,
  ],
  "quality page": (id) => [`/projects/${id}`, `/projects/${id}/quality?days=14`, `/projects/${id}/quality/actions`],
  "people page": () => ["/users"],
};

export interface PageFigure {
  page: string;
  loads: number;
  p50: number;
  p95: number;
  max: number;
  /** The slowest call of the page (by its p95), the one to look at first. */
  slowest: string;
  /** Each call's own p95 (ms), by path with the project id left out. */
  calls: Record<string, number>;
  /**
   * With the server's pid: its CPU time per page load (ms), and per call with each call made
   * alone, one after the other: what the page costs, apart from the neighbours' share of the
   * machine (with SQLite, in-process, all of it; with PostgreSQL the server process only).
   */
  cpu?: { perLoadMs: number; perCallMs: Record<string, number> };
  /** The machine's 1-minute load average before and after the page's loads (a shared machine). */
  loadAverage: [number, number];
}

/**
 * Opens each console page `loads` times, one after the other, as a manager would (the page's
 * calls in parallel; its time is the slowest call's), after two unmeasured loads.
 */
export async function measurePages(
  baseUrl: string,
  cookie: string,
  projectId: number,
  loads = 30,
  serverPid?: number,
): Promise<PageFigure[]> {
  const get = async (page: string, path: string) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, { headers: { cookie } });
    await response.text();
    if (response.status !== 200) throw new Error(`${page}: GET ${path} answered ${response.status}`);
  };
  const figures: PageFigure[] = [];
  for (const [page, pathsOf] of Object.entries(PAGES)) {
    const paths = pathsOf(projectId);
    const whole = new Histogram();
    const perCall = new Map(paths.map((p) => [p, new Histogram()]));
    const loadBefore = loadavg()[0]!;
    let cpuFrom = 0;
    for (let i = 0; i < loads + 2; i++) {
      if (i === 2 && serverPid !== undefined) cpuFrom = processCpuSeconds(serverPid);
      const started = performance.now();
      await Promise.all(
        paths.map(async (path) => {
          const callStarted = performance.now();
          await get(page, path);
          if (i >= 2) perCall.get(path)!.record(performance.now() - callStarted);
        }),
      );
      if (i >= 2) whole.record(performance.now() - started);
    }
    let cpu: PageFigure["cpu"];
    if (serverPid !== undefined) {
      const perLoadMs = ((processCpuSeconds(serverPid) - cpuFrom) * 1000) / loads;
      const perCallMs: Record<string, number> = {};
      for (const path of paths) {
        const from = processCpuSeconds(serverPid);
        for (let i = 0; i < loads; i++) await get(page, path);
        perCallMs[path.replace(/\/projects\/\d+/, "/projects/{id}")] =
          ((processCpuSeconds(serverPid) - from) * 1000) / loads;
      }
      cpu = { perLoadMs, perCallMs };
    }
    const slowest = [...perCall].sort((a, b) => b[1].percentile(95) - a[1].percentile(95))[0]!;
    figures.push({
      page,
      loads,
      p50: whole.percentile(50),
      p95: whole.percentile(95),
      max: whole.maxMs,
      slowest: `${slowest[0].replace(/\/projects\/\d+/, "/projects/{id}")} (p95 ${slowest[1].percentile(95).toFixed(1)} ms)`,
      calls: Object.fromEntries(
        [...perCall].map(([path, histogram]) => [
          path.replace(/\/projects\/\d+/, "/projects/{id}"),
          histogram.percentile(95),
        ]),
      ),
      ...(cpu ? { cpu } : {}),
      loadAverage: [loadBefore, loadavg()[0]!],
    });
  }
  return figures;
}
