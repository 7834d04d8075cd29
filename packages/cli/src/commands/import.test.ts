import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLabelSchema } from "@quorum/core";
import { migrateToLatest, openDatabase, seedProject } from "@quorum/storage";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../args.js";
import { loadConfig } from "../config.js";
import { recordingIo } from "../recording-io.js";
import { importCommand } from "./import.js";

const dir = mkdtempSync(join(tmpdir(), "quorum-import-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("quorum import --duplicates", () => {
  it("refuses duplicate ids by default, and with --duplicates skip imports the rest and lists them", async () => {
    const config = loadConfig({ QUORUM_DATA_DIR: dir });
    const database = await openDatabase({ url: config.databaseUrl });
    await migrateToLatest(database.db);
    const { project, taskIds } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["a", "b"] }),
      tasks: [{ data: { text: "old" }, externalId: "doc-1" }],
      now: 1,
    });
    await database.close();
    const file = join(dir, "tasks.jsonl");
    writeFileSync(
      file,
      ['{"data":{"text":"x"},"id":"doc-1"}', '{"data":{"text":"y"},"id":"doc-2"}', '{"data":{"text":"z"},"id":"doc-2"}']
        .map((line) => `${line}\n`)
        .join(""),
    );
    const args = ["--project", String(project.id), "--file", file];

    await expect(importCommand(args, recordingIo(), config)).rejects.toThrow(
      `The file has problems; nothing was imported\n  line 1: id: id "doc-1" already exists in this project (task #${taskIds[0]})\n  line 3: id: id "doc-2" repeats line 2`,
    );
    const io = recordingIo();
    await importCommand([...args, "--duplicates", "skip"], io, config);
    expect(io.out).toContain(`Imported 1 tasks into project ${project.id}`);
    expect(io.out).toContain(
      `Skipped 2 duplicate tasks:\n  line 1: id "doc-1" already exists in this project (task #${taskIds[0]})\n  line 3: id "doc-2" repeats line 2\n`,
    );
    await expect(importCommand([...args, "--duplicates", "maybe"], recordingIo(), config)).rejects.toBeInstanceOf(
      UsageError,
    );
  });

  it("explains --duplicates in its help", async () => {
    const io = recordingIo();
    await importCommand(["--help"], io, loadConfig({ QUORUM_DATA_DIR: join(dir, "never") }));
    expect(io.out).toContain("[--duplicates reject|skip]");
    expect(io.out).toContain("skip imports the rest and lists the tasks left out");
  });
});

describe("quorum import of a large file (read in a worker thread on SQLite)", () => {
  it("imports it all, or with a bad line far in, nothing, naming the line and field", async () => {
    const config = loadConfig({ QUORUM_DATA_DIR: join(dir, "large") });
    const database = await openDatabase({ url: config.databaseUrl });
    await migrateToLatest(database.db);
    const { project } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["a", "b"] }),
      tasks: [],
      now: 1,
    });
    // Past the CLI's 16 MiB threshold for the worker: 20,000 lines of about 900 bytes.
    const padding = "p".repeat(880);
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"id":"t${i + 1}","data":{"text":"${padding}${i}"}}\n`);
    const good = join(dir, "large.jsonl");
    writeFileSync(good, lines.join(""));
    lines[15_000] = '{"id":"bad","data":{"text":"x"},"priority":"high"}\n';
    const bad = join(dir, "large-bad.jsonl");
    writeFileSync(bad, lines.join(""));
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom("tasks")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("project_id", "=", project.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    try {
      await expect(
        importCommand(["--project", String(project.id), "--file", bad], recordingIo(), config),
      ).rejects.toThrow("line 15001: priority:");
      expect(await count()).toBe(0);
      const io = recordingIo();
      await importCommand(["--project", String(project.id), "--file", good], io, config);
      expect(io.out).toContain(`Imported 20,000 tasks into project ${project.id}`);
      expect(await count()).toBe(20_000);
    } finally {
      await database.close();
    }
  }, 60_000);
});
