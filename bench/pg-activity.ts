import pg from "pg";

export interface ActiveQuery {
  /** The statement; "(idle in transaction after) ..." when the backend was waiting for the application mid-transaction. */
  query: string;
  /** Samples in which a backend was running (or waiting in) this statement. */
  samples: number;
  /** Share of all active-backend samples. */
  share: number;
  /** The most frequent wait events seen while running it ("CPU" when none). */
  waits: string;
  /** For lock waits: what the blocking backend was doing (state and statement), most frequent first. */
  blockers: string;
}

/**
 * A sampling profiler for PostgreSQL: polls `pg_stat_activity` every `intervalMs` and counts which
 * statements the backends are busy with, and which sit idle inside a transaction (waiting for the
 * application, holding their locks); for lock waits, what the blocking backend is doing. Statements differ only in their
 * parameters ($1, ...), so the text groups them well. Other clients of the same cluster are
 * counted too; the bench's own sampler connection is not.
 */
export function samplePgActivity(url: string, intervalMs = 50, pids?: readonly number[]) {
  const client = new pg.Client({ connectionString: url });
  const counts = new Map<string, { samples: number; waits: Map<string, number>; blockers: Map<string, number> }>();
  /** Samples by what a backend was doing: its wait event's type (Lock, LWLock, IO...), "CPU" or "Client" (idle in transaction). */
  const byWaitType = new Map<string, number>();
  let total = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    for (let i = 0; running && i < 1_000_000; i++) {
      const { rows } = await client.query<{
        query: string;
        state: string;
        wait: string | null;
        blocker: string | null;
      }>(
        `select a.query, a.state, a.wait_event_type || ':' || a.wait_event as wait,
           case when a.wait_event_type = 'Lock' then (
             select b.state || ': ' || left(regexp_replace(b.query, '\\s+', ' ', 'g'), 90)
             from pg_stat_activity b where b.pid = (pg_blocking_pids(a.pid))[1]) end as blocker
         from pg_stat_activity a
         where a.state in ('active', 'idle in transaction') and a.pid <> pg_backend_pid() and a.backend_type = 'client backend'
           and ($1::int[] is null or a.pid = any($1::int[]))`,
        [pids ?? null],
      );
      for (const row of rows) {
        const statement = row.query.replace(/\s+/g, " ").trim();
        const text = row.state === "active" ? statement : `(idle in transaction after) ${statement}`;
        const entry = counts.get(text) ?? {
          samples: 0,
          waits: new Map<string, number>(),
          blockers: new Map<string, number>(),
        };
        entry.samples++;
        const wait = row.state === "active" ? (row.wait ?? "CPU") : "Client";
        entry.waits.set(wait, (entry.waits.get(wait) ?? 0) + 1);
        const waitType = wait.split(":")[0] ?? wait;
        byWaitType.set(waitType, (byWaitType.get(waitType) ?? 0) + 1);
        if (row.blocker) entry.blockers.set(row.blocker, (entry.blockers.get(row.blocker) ?? 0) + 1);
        counts.set(text, entry);
        total++;
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    /** Share of all samples by wait type ("Lock", "Client", "CPU", "IO", "LWLock", ...), largest first; call after `stop`. */
    waitShares(): Record<string, number> {
      return Object.fromEntries(
        [...byWaitType.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([type, n]) => [type, Number((n / Math.max(1, total)).toFixed(3))]),
      );
    },
    async stop(top = 15): Promise<ActiveQuery[]> {
      running = false;
      await loop.catch(() => {});
      await client.end().catch(() => {});
      return [...counts.entries()]
        .map(([query, entry]) => ({
          query,
          samples: entry.samples,
          share: entry.samples / Math.max(1, total),
          waits: [...entry.waits.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 3)
            .map(([wait, n]) => `${wait} ${Math.round((n / entry.samples) * 100)} %`)
            .join(", "),
          blockers: [...entry.blockers.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 2)
            .map(([blocker, n]) => `${n}× ${blocker}`)
            .join("; "),
        }))
        .sort((a, b) => b.samples - a.samples)
        .slice(0, top);
    },
  };
}

export function pgActivityMarkdown(title: string, queries: ActiveQuery[]): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|").slice(0, 400);
  return [
    `#### ${title}`,
    "",
    "| share of backend samples | samples | waits | blocked by (state: statement) | statement |",
    "| ---: | ---: | --- | --- | --- |",
    ...queries.map(
      (q) =>
        `| ${(q.share * 100).toFixed(1)} % | ${q.samples} | ${q.waits} | ${cell(q.blockers)} | \`${cell(q.query)}\` |`,
    ),
    "",
  ].join("\n");
}
