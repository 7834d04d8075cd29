import { openDatabase, migrateToLatest } from "@quorum/storage";
import { buildDemoWorkspace } from "./packages/cli/src/demo/build-demo.js";
const database = await openDatabase({ url: process.argv[2] ?? "/tmp/s10/demo.db" });
await migrateToLatest(database.db);
const now = Date.UTC(2026, 10, 20, 15, 30);
await buildDemoWorkspace(database, { stdout: () => {}, stderr: (t: string) => process.stderr.write(t), interactive: false }, { now, seed: 1, scale: Number(process.argv[3] ?? 1) });
await database.close();
