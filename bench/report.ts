import type { ConsistencyReport } from "./checks.js";
import type { MeasuredLoad } from "./http-bench.js";
import type { OpenLoopResult } from "./open-loop.js";
import type { PageFigure } from "./pages.js";
import { type ActiveQuery, pgActivityMarkdown } from "./pg-activity.js";
import type { PgLimit } from "./pgbench-limit.js";
import { type ProfileSummary, profileMarkdown } from "./profile.js";

export type DatabaseName = "SQLite" | "PostgreSQL";

export interface ImportFigure {
  database: DatabaseName;
  into: string;
  tasks: number;
  fileMiB: number;
  /** As the CLI reports it (the import itself, without process start-up). */
  cliSeconds: number;
  cliTasksPerSecond: number;
  /** The whole `quorum import` process, start to exit. */
  wallSeconds: number;
  peakRssMiB: number | undefined;
  cpuSeconds: number | undefined;
}

export interface ExportFigure {
  database: DatabaseName;
  format: string;
  tasks: number;
  judgments: number;
  wallSeconds: number;
  peakRssMiB: number | undefined;
  cpuSeconds: number | undefined;
  outputMiB: number;
}

export interface BulkFigure {
  database: DatabaseName;
  judgments: number;
  seconds: number;
}

export interface HttpFigure {
  database: DatabaseName;
  servers: number;
  annotators: number;
  tasks: number;
  quorum: MeasuredLoad;
  /** The bare Hono reference, measured right before and right after (half the duration each). */
  bare: MeasuredLoad[];
  /** The same annotators pausing after each call: latency when the server is not saturated. */
  paced?: MeasuredLoad;
  /** Open-loop arrivals at shares of the closed loop's rate, with and without admission control. */
  openLoops?: OpenLoopFigure[];
  /** PostgreSQL: the bare SQL of a next + judgment pair under pgbench, the physical limit. */
  pgLimit?: PgLimit;
  check: ConsistencyReport;
}

export interface OpenLoopFigure {
  /** Offered rate as a share of the closed loop's request rate (0.7, 2). */
  share: number;
  admission: boolean;
  result: OpenLoopResult;
}

export interface Results {
  settings: Record<string, string | number | boolean>;
  environment: Record<string, string>;
  http: HttpFigure[];
  imports: ImportFigure[];
  bulk: BulkFigure[];
  exports: ExportFigure[];
  /** Console pages opened on the export project (all its judgments), p95 target 100 ms. */
  pages: (PageFigure & { database: DatabaseName; judgments: number })[];
  profiles: ProfileSummary[];
  /** With --profile on PostgreSQL: what the database backends were busy with during the load. */
  pgActivity: { title: string; queries: ActiveQuery[] }[];
  notes: string[];
}

/** Issue 8's targets; memory is in MB (10^6 bytes) as the issue states it, RSS is measured in MiB. */
const TARGETS = {
  ratio: 0.3,
  p99Ms: 50,
  importPerSecond: { SQLite: 200_000, PostgreSQL: 150_000 } as Record<DatabaseName, number>,
  exportPerSecond: 300_000,
  memoryMB: 400,
};
const withinMemory = (peakRssMiB: number | undefined) =>
  ((peakRssMiB ?? Number.POSITIVE_INFINITY) * 1_048_576) / 1e6 < TARGETS.memoryMB;

const int = (x: number) => Math.round(x).toLocaleString("en-US");
const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "–" : x < 10 ? x.toFixed(2) : x.toFixed(1));
const mib = (x: number | undefined) => (x === undefined ? "–" : `${Math.round(x)} MiB`);
const mark = (ok: boolean) => (ok ? "✅" : "❌");

export function bareRate(figure: HttpFigure): number {
  const rates = figure.bare.map((b) => b.result.requestsPerSecond);
  return rates.reduce((a, b) => a + b, 0) / Math.max(1, rates.length);
}

export function httpRatio(figure: HttpFigure): number {
  return figure.quorum.result.requestsPerSecond / bareRate(figure);
}

function errorsText(errors: Record<string, number>): string {
  const entries = Object.entries(errors);
  return entries.length === 0 ? "0" : entries.map(([key, n]) => `${n} × ${key}`).join("; ");
}

export function httpTable(figures: HttpFigure[]): string {
  const rows = figures.map((f) => {
    const q = f.quorum.result;
    const next = q.kinds.next;
    const judgment = q.kinds.judgment;
    const ratio = httpRatio(f);
    const worstP99 = Math.max(next?.p99 ?? Number.POSITIVE_INFINITY, judgment?.p99 ?? Number.POSITIVE_INFINITY);
    const bareP = f.bare.map((b) => `${ms(b.result.kinds.bare?.p50)} / ${ms(b.result.kinds.bare?.p99)}`).join(", ");
    return `| ${f.database} | ${f.servers} | ${int(judgment?.perSecond ?? 0)} | ${int(q.requestsPerSecond)} | ${ms(next?.p50)} / ${ms(next?.p99)} | ${ms(judgment?.p50)} / ${ms(judgment?.p99)} | ${int(bareRate(f))} | ${bareP} | **${ratio.toFixed(2)}** ${mark(ratio >= TARGETS.ratio)} | ${mark(worstP99 < TARGETS.p99Ms)} | ${errorsText(q.errors)} |`;
  });
  return [
    `| database | server processes | judgments/s | requests/s (next + judgment) | next p50 / p99 (ms) | judgment p50 / p99 (ms) | bare Hono requests/s | bare p50 / p99 (ms), before, after | ratio (≥ ${TARGETS.ratio}) | p99 < ${TARGETS.p99Ms} ms | errors |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | --- |",
    ...rows,
  ].join("\n");
}

/** Quorum's judgments/s on PostgreSQL against pgbench running the same pair as bare SQL (target ≥ 0.5). */
export function pgLimitTable(figures: HttpFigure[]): string {
  const rows = figures
    .filter((f) => f.pgLimit)
    .map((f) => {
      const judgments = f.quorum.result.kinds.judgment?.perSecond ?? 0;
      const ratio = judgments / f.pgLimit!.pairsPerSecond;
      return `| ${f.database} | ${f.servers} | ${int(judgments)} | ${int(f.pgLimit!.pairsPerSecond)} (${f.pgLimit!.clients} clients) | **${ratio.toFixed(2)}** ${mark(ratio >= 0.5)} |`;
    });
  if (rows.length === 0) return "";
  return [
    "| database | server processes | Quorum judgments/s | pgbench: bare claim + judgment pairs/s | ratio (≥ 0.5) |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}

export function pacedTable(figures: HttpFigure[]): string {
  const rows = figures
    .filter((f) => f.paced)
    .map((f) => {
      const p = f.paced!.result;
      const next = p.kinds.next;
      const judgment = p.kinds.judgment;
      const worstP99 = Math.max(next?.p99 ?? Number.POSITIVE_INFINITY, judgment?.p99 ?? Number.POSITIVE_INFINITY);
      return `| ${f.database} | ${f.servers} | ${int(p.requestsPerSecond)} | ${ms(next?.p50)} / ${ms(next?.p99)} | ${ms(judgment?.p50)} / ${ms(judgment?.p99)} | ${mark(worstP99 < TARGETS.p99Ms)} | ${errorsText(p.errors)} |`;
    });
  if (rows.length === 0) return "";
  return [
    `| database | server processes | requests/s (paced) | next p50 / p99 (ms) | judgment p50 / p99 (ms) | p99 < ${TARGETS.p99Ms} ms | errors |`,
    "| --- | ---: | ---: | ---: | ---: | :---: | --- |",
    ...rows,
  ].join("\n");
}

/**
 * The open-loop runs: p99 of the admitted (2xx) requests, the share refused with 503, and the most
 * pairs under way at once (how far the queue grew).
 */
export function openLoopTable(figures: HttpFigure[]): string {
  const rows = figures.flatMap((f) =>
    (f.openLoops ?? []).map((o) => {
      const r = o.result;
      const next = r.kinds.next;
      const judgment = r.kinds.judgment;
      const worstP99 = Math.max(next?.p99 ?? Number.POSITIVE_INFINITY, judgment?.p99 ?? Number.POSITIVE_INFINITY);
      const target = o.share < 1 ? TARGETS.p99Ms : 100;
      return `| ${f.database} | ${f.servers} | ${Math.round(o.share * 100)}% (${int(r.offeredPerSecond)}/s) | ${o.admission ? "on" : "off"} | ${int(r.servedPerSecond)} | ${(r.refusedShare * 100).toFixed(1)}% | ${int(r.maxUnderWay)} | ${ms(next?.p99)} | ${ms(judgment?.p99)} | ${mark(worstP99 < target)} < ${target} ms | ${errorsText(r.errors)} |`;
    }),
  );
  if (rows.length === 0) return "";
  return [
    "| database | server processes | offered (share of saturation) | admission control | served requests/s | refused (503) | most pairs under way | next p99 (ms) | judgment p99 (ms) | target | other errors |",
    "| --- | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: | :---: | --- |",
    ...rows,
  ].join("\n");
}

export function pagesTable(figures: Results["pages"]): string {
  return [
    "| database | judgments in the project | page | p50 (ms) | p95 (ms) | p95 < 100 ms | slowest call | server CPU per load (ms) | load average (1 min, before → after) |",
    "| --- | ---: | --- | ---: | ---: | :---: | --- | ---: | --- |",
    ...figures.map(
      (f) =>
        `| ${f.database} | ${int(f.judgments)} | ${f.page} | ${ms(f.p50)} | ${ms(f.p95)} | ${mark(f.p95 < 100)} | ${f.slowest} | ${ms(f.cpu?.perLoadMs)} | ${f.loadAverage[0].toFixed(1)} → ${f.loadAverage[1].toFixed(1)} |`,
    ),
  ].join("\n");
}

export function cpuTable(figures: HttpFigure[]): string {
  const rows: string[] = [];
  for (const f of figures) {
    const name = `${f.database} (${f.servers} process${f.servers > 1 ? "es" : ""})`;
    const runs: [string, MeasuredLoad][] = [
      [`${name}: bare Hono (before)`, f.bare[0]!],
      [`${name}: Quorum`, f.quorum],
      ...(f.paced ? ([[`${name}: Quorum, paced`, f.paced]] as [string, MeasuredLoad][]) : []),
      [`${name}: bare Hono (after)`, f.bare[1]!],
    ];
    for (const [name, run] of runs) {
      if (!run) continue;
      const { client, machine, other, ...servers } = run.cores;
      const serverText = Object.entries(servers)
        .map(([label, cores]) => `${label} ${cores.toFixed(2)}`)
        .join(", ");
      rows.push(
        `| ${name} | ${(client ?? 0).toFixed(2)} | ${serverText} | ${(other ?? 0).toFixed(2)} | ${(machine ?? 0).toFixed(2)} |`,
      );
    }
  }
  return [
    "| run | load generator | servers (and PostgreSQL backends) | everything else | machine total (of 2) |",
    "| --- | ---: | --- | ---: | ---: |",
    ...rows,
  ].join("\n");
}

export function checkTable(figures: HttpFigure[]): string {
  return [
    "| database | tasks touched | judgments | active leases | slots_taken > required | judgment_count > required | (task, annotator) twice in judgments | twice in assignments | counters ≠ rows | project counters ≠ tasks | activity totals ≠ hourly | result |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ...figures.map((f) => {
      const c = f.check;
      return `| ${f.database} (${f.servers} process${f.servers > 1 ? "es" : ""}) | ${int(c.tasksTouched)} | ${int(c.judgments)} | ${int(c.activeLeases)} | ${c.overAssigned} | ${c.overJudged} | ${c.duplicateJudgmentPairs} | ${c.duplicateAssignmentPairs} | ${c.counterMismatches} | ${c.projectCounterMismatches} | ${c.activityTotalMismatches} | ${c.ok ? "✅ consistent" : "❌ broken"} |`;
    }),
  ].join("\n");
}

export function importTable(figures: ImportFigure[]): string {
  return [
    `| database | into | tasks | file | import time (CLI) | tasks/s (CLI) | process wall time | peak RSS | CPU time | target SQLite ${int(TARGETS.importPerSecond.SQLite)}/s, PostgreSQL ${int(TARGETS.importPerSecond.PostgreSQL)}/s, < ${TARGETS.memoryMB} MB |`,
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ...figures.map(
      (f) =>
        `| ${f.database} | ${f.into} | ${int(f.tasks)} | ${mib(f.fileMiB)} | ${f.cliSeconds.toFixed(1)} s | ${int(f.cliTasksPerSecond)} | ${f.wallSeconds.toFixed(1)} s | ${mib(f.peakRssMiB)} | ${f.cpuSeconds === undefined ? "–" : `${f.cpuSeconds.toFixed(1)} s`} | ${mark(f.cliTasksPerSecond >= TARGETS.importPerSecond[f.database])} ${mark(withinMemory(f.peakRssMiB))} |`,
    ),
  ].join("\n");
}

export function exportTable(figures: ExportFigure[]): string {
  return [
    `| database | format | tasks | judgments (rows) | process wall time | rows/s | tasks/s | peak RSS | CPU time | output | target ${int(TARGETS.exportPerSecond)}/s, < ${TARGETS.memoryMB} MB |`,
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ...figures.map((f) => {
      const rate = f.judgments / f.wallSeconds;
      return `| ${f.database} | ${f.format} | ${int(f.tasks)} | ${int(f.judgments)} | ${f.wallSeconds.toFixed(1)} s | ${int(rate)} | ${int(f.tasks / f.wallSeconds)} | ${mib(f.peakRssMiB)} | ${f.cpuSeconds === undefined ? "–" : `${f.cpuSeconds.toFixed(1)} s`} | ${mib(f.outputMiB)} | ${mark(rate >= TARGETS.exportPerSecond)} ${mark(withinMemory(f.peakRssMiB))} |`;
    }),
  ].join("\n");
}

export function bulkTable(figures: BulkFigure[]): string {
  return [
    "| database | judgments written by bulk SQL (set-up, not a benchmark) | seconds |",
    "| --- | ---: | ---: |",
    ...figures.map((f) => `| ${f.database} | ${int(f.judgments)} | ${f.seconds.toFixed(1)} |`),
  ].join("\n");
}

export function markdown(results: Results, commands: string[]): string {
  const parts: string[] = ["# Quorum performance", ""];
  parts.push(
    "Measured by `npm run bench` (`bench/run.ts`). Every figure below comes from one run on the machine described here;",
    "the load generator, the servers and the database share its cores, so absolute figures are low and ratios are what to compare.",
    "",
    "| | |",
    "| --- | --- |",
    ...Object.entries(results.environment).map(([k, v]) => `| ${k} | ${v} |`),
    ...Object.entries(results.settings).map(([k, v]) => `| ${k} | ${String(v)} |`),
    "",
  );
  if (results.http.length > 0) {
    const f = results.http[0]!;
    parts.push(
      `## Next task + judgment over HTTP (${f.annotators} concurrent annotators, ${int(f.tasks)} tasks, overlap 3)`,
      "",
      "Each simulated annotator loops `POST /projects/{id}/assignments/next` → `POST /assignments/{id}/judgment` back to back",
      '(closed loop, no think time), signed in with its own session cookie. The bare Hono app (`app.post("/x", c => c.json({ok: true}))`',
      "on @hono/node-server, its own process) is driven by the same load generator, the same client and concurrency, with a body the",
      "size of a judgment, right before and right after Quorum; the ratio is Quorum's requests/s over the mean of the two.",
      "The load generator runs in the bench process and shares the 2 cores with the server(s) in both cases, so the ratio is fair; with a",
      `closed loop of ${f.annotators} workers, mean latency ≈ ${f.annotators} / throughput (Little's law), so p50 falls only as throughput rises.`,
      "Each run opens its keep-alive connections (one per annotator, per server) before the warm-up: a saturated Node server accepts",
      "new connections only when it has a lull, which would otherwise add multi-second first requests that say nothing about serving.",
      "",
      httpTable(results.http),
      "",
      ...(results.http.some((h) => h.paced)
        ? [
            `The same ${f.annotators} annotators at a human-like pace instead (each pauses ${results.settings["paced run: pause after each call (ms)"]} ms after each call, start times spread): latency when the server is not saturated.`,
            "",
            pacedTable(results.http),
            "",
          ]
        : []),
      ...(results.http.some((h) => h.pgLimit)
        ? [
            "PostgreSQL against its physical limit: pgbench running the pair's bare SQL (claim with FOR UPDATE SKIP LOCKED and insert the",
            "lease; submit, insert the judgment, count it), prepared statements, as many clients as the servers' pools, same machine, same run.",
            "",
            pgLimitTable(results.http),
            "",
          ]
        : []),
      ...(results.http.some((h) => (h.openLoops ?? []).length > 0)
        ? [
            "Open loop: pairs arrive at a fixed rate whatever the latency (a crowd does not wait for each other), at 70% and 200% of the",
            "closed loop's rate, the annotators taking them in turn. p99 is of the admitted (2xx) requests; at 200% the excess should be",
            "refused fast (503 with Retry-After) rather than queued; without admission control the queue (pairs under way) grows.",
            "",
            openLoopTable(results.http),
            "",
          ]
        : []),
      'Cores used during each measurement window (from /proc; 1.00 = one core busy). "Everything else" is other work on the',
      "machine during the window (on a shared machine: other people's builds and tests); where it is high, that run's figure is low.",
      "",
      cpuTable(results.http),
      "",
      "### Consistency after the load (checked in the database)",
      "",
      checkTable(results.http),
      "",
    );
  }
  if (results.imports.length > 0)
    parts.push("## Import (`quorum import`, JSONL, 2 % gold)", "", importTable(results.imports), "");
  if (results.exports.length > 0) {
    parts.push(
      "## Export (`quorum export`)",
      "",
      "Rows are judgments (the per-judgment CSV has one line per judgment; the JSONL one line per task with its judgments).",
      "",
      exportTable(results.exports),
      "",
      bulkTable(results.bulk),
      "",
    );
  }
  if (results.pages.length > 0)
    parts.push(
      "## Console pages over all judgments",
      "",
      "Each page's API calls as the web app makes them (in parallel; the page's time is its slowest call), 30 loads after 2 unmeasured, one",
      "manager, on the export project once all its judgments are in.",
      "",
      pagesTable(results.pages),
      "",
    );
  if (results.profiles.length > 0) {
    parts.push("## CPU profiles (`--profile`, `node --cpu-prof`; self time)", "");
    for (const summary of results.profiles) parts.push(profileMarkdown(summary));
  }
  if (results.pgActivity.length > 0) {
    parts.push("## PostgreSQL statements by time spent (`--profile`, sampled from pg_stat_activity)", "");
    for (const sample of results.pgActivity) parts.push(pgActivityMarkdown(sample.title, sample.queries));
  }
  if (results.notes.length > 0) parts.push("## Notes", "", ...results.notes.map((n) => `- ${n}`), "");
  parts.push("## Reproduce", "", "```sh", ...commands, "```", "");
  return parts.join("\n");
}
