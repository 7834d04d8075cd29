import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLabelSchema } from "@quorum/core";
import { migrateToLatest, openDatabase, seedProject } from "@quorum/storage";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import type { Io } from "../io.js";
import { exportCommand } from "./export.js";

const dir = mkdtempSync(join(tmpdir(), "quorum-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("quorum export", () => {
  it("writes the same file the API serves, with CSV columns from the tasks' data", async () => {
    const config = loadConfig({ QUORUM_DATA_DIR: dir });
    const database = await openDatabase({ url: config.databaseUrl });
    await migrateToLatest(database.db);
    const { project } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["a", "b"] }),
      overlap: 1,
      tasks: [{ data: { text: "first" } }, { data: { text: "second", url: "https://x" } }],
      now: 1,
    });
    await database.close();

    const lines: string[] = [];
    const io: Io = { stdout: (t) => lines.push(t), stderr: (t) => lines.push(t), interactive: false };
    const out = join(dir, "tasks.csv");
    await exportCommand(
      ["--project", String(project.id), "--out", out, "--format", "csv", "--per", "task"],
      io,
      config,
    );
    const csv = readFileSync(out, "utf8").trim().split("\n");
    expect(csv[0]).toContain("text,url");
    // The review and the label's source close each row (extended at the end, never renamed).
    expect(csv[0]).toMatch(/,required,label_name,review_status,review_source,reviewer_id,reviewed_at,label_source$/);
    expect(csv).toHaveLength(3);
    expect(lines.join("")).toContain("Exported 2 tasks and 0 judgments");
    await expect(
      exportCommand(["--project", String(project.id), "--out", out, "--format", "xml"], io, config),
    ).rejects.toThrow("--format must be one of jsonl, csv, label-studio");
    await expect(
      exportCommand(["--project", String(project.id), "--out", out, "--threads", "two"], io, config),
    ).rejects.toThrow("--threads must be a whole number from 0 to 64");
    await exportCommand(["--project", String(project.id), "--out", out, "--threads", "0"], io, config);
    const jsonl = readFileSync(out, "utf8").trim().split("\n");
    expect(jsonl).toHaveLength(2);
    expect(JSON.parse(jsonl[0]!)).toMatchObject({ review: null, labelSource: null });
  });

  // More than one range of 1,000 tasks goes to worker threads, and each range's buffer back to
  // its worker once written, for a later range: the file is the one rendered in this thread.
  it("writes the same bytes from worker threads, whose buffers it hands back, as in one thread", async () => {
    const dataDir = mkdtempSync(join(dir, "threads-"));
    const config = loadConfig({ QUORUM_DATA_DIR: dataDir });
    const database = await openDatabase({ url: config.databaseUrl });
    await migrateToLatest(database.db);
    const { project } = await seedProject(database, {
      schema: parseLabelSchema({ type: "single_choice", options: ["a", "b"] }),
      overlap: 1,
      tasks: Array.from({ length: 4_500 }, (_, i) => ({ data: { text: `task ${i} ${"é".repeat(i % 97)}` } })),
      now: 1,
    });
    await database.close();
    const io: Io = { stdout: () => {}, stderr: () => {}, interactive: false };
    const file = async (threads: string) => {
      const out = join(dataDir, `threads-${threads}.jsonl`);
      await exportCommand(["--project", String(project.id), "--out", out, "--threads", threads], io, config);
      return readFileSync(out);
    };
    const one = await file("0");
    expect(one.toString("utf8").split("\n")).toHaveLength(4_501);
    expect((await file("2")).equals(one)).toBe(true);
  });
});
