import { rebuildAllActivityTotals, rebuildAllQualityRollups, rebuildAllTaskCounters } from "@quorum/storage";
import { parseCommandArgs, UsageError } from "../args.js";
import type { Config } from "../config.js";
import type { Io } from "../io.js";
import { openConfiguredDatabase } from "../open.js";

export const ROLLUPS_HELP = `quorum rollups rebuild
  Recomputes every project's quality roll-ups from its tasks and judgments, its task counters
  (tasks by status) from its tasks, and its per-annotator activity totals from its hourly
  activity (the hours before the current one, which the server folds in as they close). All are
  kept up to date with each change; rebuild after restoring data by hand.
  Each project in one transaction.`;

export async function rollupsCommand(argv: string[], io: Io, config: Config): Promise<void> {
  const [action, ...rest] = argv;
  if (action === "--help" || action === "-h") {
    io.stdout(`${ROLLUPS_HELP}\n`);
    return;
  }
  if (action !== "rebuild") throw new UsageError(`unknown rollups action "${action ?? ""}"\n\n${ROLLUPS_HELP}`);
  if (!parseCommandArgs(rest, {}, ROLLUPS_HELP, io)) return;
  const database = await openConfiguredDatabase(config);
  try {
    const { projects, tasks } = await rebuildAllQualityRollups(database.db);
    await rebuildAllTaskCounters(database.db);
    await rebuildAllActivityTotals(database.db, Date.now());
    io.stdout(
      `Rebuilt the quality roll-ups and task counters of ${projects} project(s) (${tasks} tasks) in ${database.location}\n`,
    );
  } finally {
    await database.close();
  }
}
