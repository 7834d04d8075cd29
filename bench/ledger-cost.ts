/**
 * `node --import tsx bench/ledger-cost.ts [--judgments N]`: what the cost ledger costs on the
 * judgment hot path, in process on a SQLite file (no HTTP, so the figure is not drowned by other
 * work on a shared machine). Two projects alike but for a rate card in force on one; rounds
 * alternate a judgment on each, so both see the same machine, and the CPU time of each
 * `submitJudgment` is summed per project. DROP_INDEXES=cost_ledger_annotator,... drops indexes
 * of the ledger first, to price each one (every index is a page the judgment's commit writes).
 */
import { parseArgs } from "node:util";
import { type Project, parseLabelSchema, type User } from "@quorum/core";
import { insertRateCard, leaseNextTask, newAnnotator, seedProject, submitJudgment } from "@quorum/storage";
import { sql } from "kysely";
import { withBenchDatabase } from "./bench-databases.js";

const { values: flags } = parseArgs({ options: { judgments: { type: "string", default: "6000" } } });
const JUDGMENTS = Number(flags.judgments);
const ANNOTATORS = 40;
const LANGUAGES = ["en", "de", "fr", "ja"];
const LABELS = ["rel", "partial", "irrel"];

await withBenchDatabase("sqlite", {}, async ({ database }) => {
  if (process.env.DROP_INDEXES)
    for (const i of process.env.DROP_INDEXES.split(",")) await sql.raw(`drop index ${i}`).execute(database.db);
  const now = Date.now();
  const seed = (name: string) =>
    seedProject(database, {
      name,
      schema: parseLabelSchema({ type: "single_choice", options: LABELS }),
      overlap: 3,
      tasks: Array.from({ length: Math.ceil(JUDGMENTS / 3) + ANNOTATORS * 3 }, (_, i) => ({
        data: { q: `query ${i}`, language: LANGUAGES[i % LANGUAGES.length]! },
        ...(i % 10 === 0 ? { gold: LABELS[i % 3]! } : {}),
      })),
      now,
    });
  const priced = await seed("priced");
  const unpriced = await seed("unpriced");
  await insertRateCard(
    database,
    {
      currency: "USD",
      effectiveFrom: now - 1,
      effectiveTo: null,
      projectId: priced.project.id,
      taskType: null,
      language: null,
      vendor: null,
      payPerJudgmentMinor: 5,
      payPerActiveHourMinor: 1200,
      reviewPayPerReviewMinor: 0,
      reviewPayPerHourMinor: 0,
      trainingPayPerHourMinor: 0,
      platformFeeBps: 500,
      vendorMarkupBps: 300,
      payRejected: true,
    },
    { id: priced.admin.id, now },
  );
  const annotators: User[] = [];
  for (let i = 0; i < ANNOTATORS; i++)
    annotators.push(await newAnnotator(database, { languages: LANGUAGES, vendor: `v${i % 3}`, now, name: `a${i}` }));

  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const spent = new Map<number, number>();
  const judged = new Map<number, number>();
  async function judge(project: Project, round: number): Promise<void> {
    const annotator = annotators[round % ANNOTATORS]!;
    const lease = await leaseNextTask(database, { project, annotator, now: now + round });
    if (!lease) return;
    const t = cpu();
    await submitJudgment(database, {
      project,
      assignmentId: lease.id,
      annotatorId: annotator.id,
      value: LABELS[(round * 7) % 3]!,
      activeMs: 4000,
      clientKey: `k${round}`,
      now: now + round,
    });
    spent.set(project.id, (spent.get(project.id) ?? 0) + cpu() - t);
    judged.set(project.id, (judged.get(project.id) ?? 0) + 1);
  }
  for (let round = 0; (judged.get(priced.project.id) ?? 0) < JUDGMENTS; round++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    const order = round % 2 === 0 ? [priced, unpriced] : [unpriced, priced];
    for (const { project } of order) await judge(project, round);
  }
  const perJudgment = (project: Project) => (spent.get(project.id)! / judged.get(project.id)!) * 1000;
  const on = perJudgment(priced.project);
  const off = perJudgment(unpriced.project);
  const rows = await database.db
    .selectFrom("cost_ledger")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  console.log(
    `${judged.get(priced.project.id)} judgments per project on SQLite (${ANNOTATORS} annotators, overlap 3, 10% gold)`,
  );
  console.log(`submitJudgment without a rate card in force: ${off.toFixed(0)} µs CPU per judgment`);
  console.log(
    `submitJudgment with a rate card in force:    ${on.toFixed(0)} µs CPU per judgment (${Number(rows.n)} ledger rows)`,
  );
  console.log(`the ledger's share: +${(((on - off) / off) * 100).toFixed(1)}% per judgment`);
});
