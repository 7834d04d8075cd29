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

describe("quorum import of Label Studio JSON on one line", () => {
  it("names a bad task by its place in the array and its line, and imports nothing", async () => {
    const config = loadConfig({ QUORUM_DATA_DIR: join(dir, "label-studio") });
    const database = await openDatabase({ url: config.databaseUrl });
    await migrateToLatest(database.db);
    const { project } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["a", "b"] }),
      tasks: [],
      now: 1,
    });
    await database.close();
    const file = join(dir, "export.json");
    writeFileSync(
      file,
      JSON.stringify([
        { id: 1, data: { text: "x" } },
        { id: 2, data: { text: "y" } },
        { id: 3, data: "z" },
        { id: 4, data: { text: "w" } },
      ]),
    );
    await expect(
      importCommand(["--project", String(project.id), "--file", file], recordingIo(), config),
    ).rejects.toThrow("The file has problems; nothing was imported\n  item 3 (line 1): data: must be an object");
  });
});

describe("quorum import of Label Studio JSON on one line with a repeated id", () => {
  it("names both tasks by their place in the array, refused or skipped", async () => {
    const config = loadConfig({ QUORUM_DATA_DIR: join(dir, "label-studio-ids") });
    const database = await openDatabase({ url: config.databaseUrl });
    await migrateToLatest(database.db);
    const { project } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["a", "b"] }),
      tasks: [],
      now: 1,
    });
    await database.close();
    const file = join(dir, "ids.json");
    writeFileSync(
      file,
      JSON.stringify([
        { id: 7, data: { text: "x" } },
        { id: 8, data: { text: "y" } },
        { id: 7, data: { text: "z" } },
      ]),
    );
    const args = ["--project", String(project.id), "--file", file];
    await expect(importCommand(args, recordingIo(), config)).rejects.toThrow(
      'The file has problems; nothing was imported\n  item 3 (line 1): id: id "7" repeats item 1 (line 1)',
    );
    const io = recordingIo();
    await importCommand([...args, "--duplicates", "skip"], io, config);
    expect(io.out).toContain('Skipped 1 duplicate tasks:\n  item 3 (line 1): id "7" repeats item 1 (line 1)\n');
  });
});

describe("quorum import's arguments", () => {
  it("names the option or the file a mistake is in (exit code 2) and imports nothing", async () => {
    const config = loadConfig({ QUORUM_DATA_DIR: join(dir, "arguments") });
    const database = await openDatabase({ url: config.databaseUrl });
    await migrateToLatest(database.db);
    const { project } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["a", "b"] }),
      tasks: [],
      now: 1,
    });
    const file = join(dir, "one-task.jsonl");
    writeFileSync(file, '{"data":{"text":"x"}}\n');
    const project1 = ["--project", String(project.id)];
    const refused = async (args: string[], message: string) => {
      const error = await importCommand(args, recordingIo(), config).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain(message);
    };

    await refused(
      [...project1, "--file", file, "--priority", "high"],
      "--priority must be a whole number from -1000 to 1000",
    );
    await refused([...project1, "--file", file, "--priority", "2.5"], "--priority must be a whole number");
    await refused(["--project", "abc", "--file", file], "--project must be a whole number");
    await refused(
      [...project1, "--file", join(dir, "no-such-file.jsonl")],
      `--file: ${join(dir, "no-such-file.jsonl")} does not exist`,
    );
    await refused([...project1, "--file", dir], `--file: ${dir} is a folder, not a file`);
    const tasks = await database.db
      .selectFrom("tasks")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const batches = await database.db
      .selectFrom("batches")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    await database.close();
    expect([Number(tasks.n), Number(batches.n)]).toEqual([0, 0]);

    const io = recordingIo();
    await importCommand([...project1, "--file", file, "--priority", "-5"], io, config);
    expect(io.out).toContain(`Imported 1 tasks into project ${project.id}`);
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
