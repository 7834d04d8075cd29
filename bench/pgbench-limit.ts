import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/**
 * The physical limit Quorum's PostgreSQL figure is held against: the same work as one next-task +
 * judgment pair, as bare SQL run by `pgbench` with prepared statements and no server in between.
 * One pgbench transaction is the pair: claim the best open task this annotator has not had
 * (FOR UPDATE SKIP LOCKED) and insert the lease; then mark it submitted, insert the judgment and
 * count it on the task. Each pgbench client is one annotator, as each simulated annotator of the
 * HTTP bench has one request under way at a time.
 */
const SCRIPT = `\\set annotator :client_id + 1
BEGIN;
WITH next AS (
  SELECT t.id FROM limit_tasks t
  WHERE t.slots_taken < t.required
    AND NOT EXISTS (SELECT 1 FROM limit_assignments a WHERE a.task_id = t.id AND a.annotator_id = :annotator)
  ORDER BY t.priority DESC, t.id LIMIT 1 FOR UPDATE SKIP LOCKED)
UPDATE limit_tasks t SET slots_taken = t.slots_taken + 1 FROM next WHERE t.id = next.id RETURNING t.id AS task \\gset
INSERT INTO limit_assignments (task_id, annotator_id, status, created_at, expires_at)
  VALUES (:task, :annotator, 'active', 0, 600000) RETURNING id AS assignment \\gset
COMMIT;
BEGIN;
UPDATE limit_assignments SET status = 'submitted' WHERE id = :assignment AND status = 'active';
INSERT INTO limit_judgments (assignment_id, task_id, annotator_id, value, active_ms, created_at)
  VALUES (:assignment, :task, :annotator, 1, 5000, 0);
UPDATE limit_tasks SET judgment_count = judgment_count + 1 WHERE id = :task;
COMMIT;
`;

export interface PgLimit {
  pairsPerSecond: number;
  clients: number;
  seconds: number;
}

export async function measurePgLimit(
  pgUrl: string,
  options: { tasks: number; seconds: number; clients: number },
): Promise<PgLimit> {
  const schema = `bench_limit_${process.pid}`;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  const dir = mkdtempSync(join(tmpdir(), "quorum-pgbench-"));
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path = ${schema}`);
    await client.query(`
      CREATE TABLE limit_tasks (id bigint PRIMARY KEY, priority int NOT NULL, required int NOT NULL,
        slots_taken int NOT NULL DEFAULT 0, judgment_count int NOT NULL DEFAULT 0);
      CREATE INDEX limit_tasks_queue ON limit_tasks (priority DESC, id) WHERE slots_taken < required;
      CREATE TABLE limit_assignments (id bigserial PRIMARY KEY, task_id bigint NOT NULL, annotator_id int NOT NULL,
        status text NOT NULL, created_at bigint NOT NULL, expires_at bigint NOT NULL, UNIQUE (task_id, annotator_id));
      CREATE TABLE limit_judgments (id bigserial PRIMARY KEY, assignment_id bigint NOT NULL UNIQUE, task_id bigint NOT NULL,
        annotator_id int NOT NULL, value int NOT NULL, active_ms int NOT NULL, created_at bigint NOT NULL);
      INSERT INTO limit_tasks (id, priority, required) SELECT g, 0, 3 FROM generate_series(1, ${Math.round(options.tasks)}) g;
      ANALYZE limit_tasks;`);
    const script = join(dir, "pair.sql");
    writeFileSync(script, SCRIPT);
    const { stdout } = await run(
      "pgbench",
      [
        "-n",
        "-M",
        "prepared",
        "-f",
        script,
        "-c",
        String(options.clients),
        "-j",
        "2",
        "-T",
        // pgbench takes whole seconds only
        String(Math.max(1, Math.round(options.seconds))),
        pgUrl,
      ],
      { env: { ...process.env, PGOPTIONS: `-c search_path=${schema}` }, maxBuffer: 16 * 1024 * 1024 },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no rate:\n${stdout}`);
    return { pairsPerSecond: Number(tps[1]), clients: options.clients, seconds: options.seconds };
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
