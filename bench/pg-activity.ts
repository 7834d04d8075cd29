import pg from "pg";

export interface ActiveQuery {
  query: string;
  /** Samples in which a backend was running (or waiting in) this statement. */
  samples: number;
  /** Share of all active-backend samples. */
  share: number;
  /** The most frequent wait events seen while running it ("CPU" when none). */
  waits: string;
}

/**
 * A sampling profiler for PostgreSQL: polls `pg_stat_activity` every `intervalMs` and counts which
 * statements the backends of `database` are busy with. Statements differ only in their
 * parameters ($1, ...), so the text groups them well. Other clients of the same cluster are
 * counted too; the bench's own sampler connection is not.
 */
export function samplePgActivity(url: string, intervalMs = 50) {
  const client = new pg.Client({ connectionString: url });
  const counts = new Map<string, { samples: number; waits: Map<string, number> }>();
  let total = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    for (let i = 0; running && i < 1_000_000; i++) {
      const { rows } = await client.query<{ query: string; wait: string | null }>(
        `select query, wait_event_type || ':' || wait_event as wait from pg_stat_activity
         where state = 'active' and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      for (const row of rows) {
        const text = row.query.replace(/\s+/g, " ").trim();
        const entry = counts.get(text) ?? { samples: 0, waits: new Map<string, number>() };
        entry.samples++;
        const wait = row.wait ?? "CPU";
        entry.waits.set(wait, (entry.waits.get(wait) ?? 0) + 1);
        counts.set(text, entry);
        total++;
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
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
    "| share of busy backend samples | samples | waits | statement |",
    "| ---: | ---: | --- | --- |",
    ...queries.map((q) => `| ${(q.share * 100).toFixed(1)} % | ${q.samples} | ${q.waits} | \`${cell(q.query)}\` |`),
    "",
  ].join("\n");
}
