import { UsageError } from "./args.js";
import { type Config, ENVIRONMENT_HELP, loadConfig } from "./config.js";
import { InputError } from "./input-error.js";
import { type Io, processIo } from "./io.js";

type Command = (argv: string[], io: Io) => Promise<void>;

/** The config of commands that open the database the server uses (the recorded one, unless told otherwise). */
const followServer = (): Config => loadConfig(process.env, { followServer: true });

/**
 * Each command is loaded only when run: `quorum export` need not load the HTTP server, the web
 * app's password dictionaries and the rest (about a second of start-up on a busy machine).
 */
const COMMANDS: Record<string, () => Promise<{ help: string; run: Command }>> = {
  serve: async () => {
    const m = await import("./commands/serve.js");
    return { help: m.SERVE_HELP, run: (argv, io) => m.serveCommand(argv, io, loadConfig()) };
  },
  migrate: async () => {
    const m = await import("./commands/migrate.js");
    return { help: m.MIGRATE_HELP, run: (argv, io) => m.migrateCommand(argv, io, followServer()) };
  },
  rollups: async () => {
    const m = await import("./commands/rollups.js");
    return { help: m.ROLLUPS_HELP, run: (argv, io) => m.rollupsCommand(argv, io, followServer()) };
  },
  import: async () => {
    const m = await import("./commands/import.js");
    return { help: m.IMPORT_HELP, run: (argv, io) => m.importCommand(argv, io, followServer()) };
  },
  export: async () => {
    const m = await import("./commands/export.js");
    return { help: m.EXPORT_HELP, run: (argv, io) => m.exportCommand(argv, io, followServer()) };
  },
  backup: async () => {
    const m = await import("./commands/backup.js");
    return { help: m.BACKUP_HELP, run: (argv, io) => m.backupCommand(argv, io, followServer()) };
  },
  restore: async () => {
    const m = await import("./commands/backup.js");
    return { help: m.RESTORE_HELP, run: (argv, io) => m.restoreCommand(argv, io, followServer()) };
  },
  simulate: async () => {
    const m = await import("./commands/simulate.js");
    return { help: m.SIMULATE_HELP, run: (argv, io) => m.simulateCommand(argv, io, followServer()) };
  },
  infer: async () => {
    const m = await import("./commands/infer.js");
    return { help: m.INFER_HELP, run: m.inferCommand };
  },
  agreement: async () => {
    const m = await import("./commands/agreement.js");
    return { help: m.AGREEMENT_HELP, run: m.agreementCommand };
  },
  cost: async () => {
    const m = await import("./commands/cost.js");
    return { help: m.COST_HELP, run: m.costCommand };
  },
  report: async () => {
    const m = await import("./commands/report.js");
    return { help: m.REPORT_HELP, run: (argv, io) => m.reportCommand(argv, io, followServer()) };
  },
  experiment: async () => {
    const m = await import("./commands/experiment.js");
    return { help: m.EXPERIMENT_HELP, run: m.experimentCommand };
  },
  "model-eval": async () => {
    const m = await import("./commands/model-eval.js");
    return { help: m.MODEL_EVAL_HELP, run: (argv, io) => m.modelEvalCommand(argv, io) };
  },
  forecast: async () => {
    const m = await import("./commands/forecast.js");
    return { help: m.FORECAST_HELP, run: m.forecastCommand };
  },
};

/** Names as listed in the help (`experiment` has one subcommand). */
const LISTED_AS: Record<string, string> = {
  experiment: "experiment analyze",
  rollups: "rollups rebuild",
  report: "report cost",
  "model-eval": "model-eval add",
};

async function help(): Promise<string> {
  const lines = await Promise.all(
    Object.entries(COMMANDS).map(async ([name, load]) => {
      const first = (await load()).help.split("\n")[0];
      return `  ${(LISTED_AS[name] ?? name).padEnd(22)}${first}`;
    }),
  );
  return `quorum <command> [options]\n\nCommands:\n${lines.join("\n")}\n\n${ENVIRONMENT_HELP}\n`;
}

async function run(argv: string[], io: Io): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.stdout(await help());
    return;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) throw new UsageError(`unknown command "${command}"\n\n${await help()}`);
  return (await load()).run(rest, io);
}

run(process.argv.slice(2), processIo).catch((error: unknown) => {
  processIo.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof InputError ? error.exitCode : 1;
});
