/**
 * `node --import tsx bench/rollup-cost.ts [--judgments N]`: what the quality roll-ups cost on the
 * judgment hot path, in process on a SQLite file (no HTTP, so the figure is not drowned by other
 * work on a shared machine). Each round leases a task and submits a judgment (which moves the
 * roll-ups), then runs the roll-up step (`addJudgmentToQualityRollups`, which reads nothing) once
 * more on the same task with the same inputs; CPU time of both is summed, interleaved so that
 * both see the same machine.
 */
import { parseArgs } from "node:util";
import { parseLabelSchema } from "@quorum/core";
import { addJudgmentToQualityRollups, leaseNextTask, newAnnotator, seedProject, submitJudgment } from "@quorum/storage";
import { withBenchDatabase } from "./bench-databases.js";

const { values: flags } = parseArgs({ options: { judgments: { type: "string", default: "6000" } } });
const JUDGMENTS = Number(flags.judgments);
const ANNOTATORS = 40;
const LANGUAGES = ["en", "de", "fr", "ja"];

await withBenchDatabase("sqlite", {}, async ({ database }) => {
  const now = Date.now();
  const { project } = await seedProject(database, {
    schema: parseLabelSchema({ type: "single_choice", options: ["rel", "partial", "irrel"] }),
    overlap: 3,
    tasks: Array.from({ length: Math.ceil(JUDGMENTS / 3) + ANNOTATORS * 3 }, (_, i) => ({
      data: { q: `query ${i}`, language: LANGUAGES[i % LANGUAGES.length]! },
      ...(i % 10 === 0 ? { gold: ["rel", "partial", "irrel"][i % 3]! } : {}),
    })),
    now,
  });
  const annotators = [];
  for (let i = 0; i < ANNOTATORS; i++)
    annotators.push(await newAnnotator(database, { languages: LANGUAGES, now, name: `a${i}` }));

  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let submitMs = 0;
  let rollupMs = 0;
  let done = 0;
  const labels = ["rel", "partial", "irrel"];
  for (let round = 0; done < JUDGMENTS; round++) {
    const annotator = annotators[round % ANNOTATORS]!;
    const lease = await leaseNextTask(database, { project, annotator, now: now + round });
    if (!lease) continue;
    const value = labels[(round * 7) % 3]!;
    let t = cpu();
    const { judgment } = await submitJudgment(database, {
      project,
      assignmentId: lease.id,
      annotatorId: annotator.id,
      value,
      activeMs: 4000,
      clientKey: `k${round}`,
      now: now + round,
    });
    submitMs += cpu() - t;
    // The step's inputs as the judgment's transaction had them (read outside the timing).
    const rows = await database.db
      .selectFrom("judgments")
      .select(["id", "annotator_id", "value", "guideline_version", "gold_correct"])
      .where("project_id", "=", project.id)
      .where("task_id", "=", judgment.taskId)
      .execute();
    const task = await database.db
      .selectFrom("tasks")
      .select(["language", "gold"])
      .where("id", "=", judgment.taskId)
      .executeTakeFirstOrThrow();
    const aggregate = { value, method: "online-ds" };
    await database.db.transaction().execute(async (trx) => {
      t = cpu();
      await addJudgmentToQualityRollups(trx, {
        project,
        judgmentId: judgment.id,
        gold: task.gold === null ? null : JSON.parse(task.gold),
        counters: { language: task.language, aggregate, confidence: 0.8 },
        belief: {
          aggregate,
          confidence: 0.9,
          taskAnswers: rows.map((r) => ({
            id: r.id,
            annotatorId: r.annotator_id,
            value: JSON.parse(r.value),
            guidelineVersion: r.guideline_version,
            goldCorrect: r.gold_correct === null ? null : r.gold_correct === 1,
          })),
        },
      });
      rollupMs += cpu() - t;
    });
    done++;
  }
  const perJudgment = (ms: number) => `${((ms / done) * 1000).toFixed(0)} µs`;
  console.log(
    `${done} judgments on SQLite (${ANNOTATORS} annotators, overlap 3, 10% gold, ${LANGUAGES.length} languages)`,
  );
  console.log(`submitJudgment, roll-ups included: ${perJudgment(submitMs)} CPU per judgment`);
  console.log(`the roll-up step alone: ${perJudgment(rollupMs)} CPU per judgment`);
  console.log(
    `roll-ups' share: ${((rollupMs / submitMs) * 100).toFixed(1)}% of a judgment; ${((rollupMs / (submitMs - rollupMs)) * 100).toFixed(1)}% on top of one without them`,
  );
});
