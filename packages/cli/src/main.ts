import { UsageError } from "./args.js";
import { AGREEMENT_HELP, agreementCommand } from "./commands/agreement.js";
import { BACKUP_HELP, backupCommand, RESTORE_HELP, restoreCommand } from "./commands/backup.js";
import { COST_HELP, costCommand } from "./commands/cost.js";
import { EXPERIMENT_HELP, experimentCommand } from "./commands/experiment.js";
import { EXPORT_HELP, exportCommand } from "./commands/export.js";
import { FORECAST_HELP, forecastCommand } from "./commands/forecast.js";
import { IMPORT_HELP, importCommand } from "./commands/import.js";
import { INFER_HELP, inferCommand } from "./commands/infer.js";
import { MIGRATE_HELP, migrateCommand } from "./commands/migrate.js";
import { ROLLUPS_HELP, rollupsCommand } from "./commands/rollups.js";
import { SERVE_HELP, serveCommand } from "./commands/serve.js";
import { SIMULATE_HELP, simulateCommand } from "./commands/simulate.js";
import { ENVIRONMENT_HELP, loadConfig } from "./config.js";
import { InputError } from "./input-error.js";
import { type Io, processIo } from "./io.js";

const HELP = `quorum <command> [options]

Commands:
  serve [--no-demo]     ${SERVE_HELP.split("\n")[0]}
  migrate               ${MIGRATE_HELP.split("\n")[0]}
  rollups rebuild       ${ROLLUPS_HELP.split("\n")[1]!.trim()}
  import                ${IMPORT_HELP.split("\n")[0]}
  export                ${EXPORT_HELP.split("\n")[0]}
  backup                ${BACKUP_HELP.split("\n")[0]}
  restore               ${RESTORE_HELP.split("\n")[0]}
  simulate              ${SIMULATE_HELP.split("\n")[0]}
  infer                 ${INFER_HELP.split("\n")[0]}
  agreement             ${AGREEMENT_HELP.split("\n")[0]}
  cost                  ${COST_HELP.split("\n")[0]}
  experiment analyze    ${EXPERIMENT_HELP.split("\n")[0]}
  forecast              ${FORECAST_HELP.split("\n")[0]}

${ENVIRONMENT_HELP}
`;

async function run(argv: string[], io: Io): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve":
      return serveCommand(rest, io, loadConfig());
    case "migrate":
      return migrateCommand(rest, io, loadConfig(process.env, { followServer: true }));
    case "rollups":
      return rollupsCommand(rest, io, loadConfig(process.env, { followServer: true }));
    case "import":
      return importCommand(rest, io, loadConfig(process.env, { followServer: true }));
    case "export":
      return exportCommand(rest, io, loadConfig(process.env, { followServer: true }));
    case "backup":
      return backupCommand(rest, io, loadConfig(process.env, { followServer: true }));
    case "restore":
      return restoreCommand(rest, io, loadConfig(process.env, { followServer: true }));
    case "simulate":
      return simulateCommand(rest, io, loadConfig(process.env, { followServer: true }));
    case "infer":
      return inferCommand(rest, io);
    case "agreement":
      return agreementCommand(rest, io);
    case "cost":
      return costCommand(rest, io);
    case "experiment":
      return experimentCommand(rest, io);
    case "forecast":
      return forecastCommand(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout(HELP);
      return;
    default:
      throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
  }
}

run(process.argv.slice(2), processIo).catch((error: unknown) => {
  processIo.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof InputError ? error.exitCode : 1;
});
