import { serve } from "@hono/node-server";
import { createApp, ensureAdmin } from "@quorum/server";
import { countUsers } from "@quorum/storage";
import type { Config } from "../config.js";
import { buildDemoWorkspace } from "../demo/build-demo.js";
import type { Io } from "../io.js";
import { openConfiguredDatabase } from "../open.js";
import { startPeriodicRefit } from "../refit-scheduler.js";

/** `quorum serve [--no-demo]`: migrates, creates the first admin, builds the demo on an empty database, serves. */
export async function serveCommand(argv: string[], io: Io, config: Config): Promise<void> {
  const noDemo = argv.includes("--no-demo");
  const database = await openConfiguredDatabase(config);
  const log = (line: string) => io.stderr(`${line}\n`);
  const empty = (await countUsers(database.db)) === 0;
  await ensureAdmin(database, { email: config.adminEmail, password: config.adminPassword }, Date.now(), log);
  if (empty && !noDemo) await buildDemoWorkspace(database, io);

  if (config.refitMinutes > 0) startPeriodicRefit(database, config.refitMinutes, log);
  const app = createApp({
    database,
    now: Date.now,
    secureCookies: config.secureCookies,
    webRoot: config.webRoot,
    log,
    trustedProxies: config.trustedProxies,
    limits: { jsonBytes: config.maxBodyBytes, importBytes: config.maxImportBytes },
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const where = config.host === "0.0.0.0" || config.host === "::" ? `all interfaces (${config.host})` : config.host;
    log(
      `Quorum is serving on http://localhost:${info.port}, listening on ${where} (${database.location}). API docs: /api/docs`,
    );
  });
  const stop = () => {
    server.close();
    void database.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
