import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "./args.js";
import { exportCommand } from "./commands/export.js";
import { importCommand } from "./commands/import.js";
import { migrateCommand } from "./commands/migrate.js";
import { serveCommand } from "./commands/serve.js";
import { simulateCommand } from "./commands/simulate.js";
import { loadConfig, SERVER_RECORD } from "./config.js";
import type { Io } from "./io.js";
import { formatDuration, progressBar } from "./progress.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "quorum-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recorder(interactive = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), interactive };
  return { io, out, err };
}

describe("quorum commands' usage", () => {
  const config = loadConfig({ QUORUM_DATA_DIR: join(dir, "never-opened") });

  it.each([
    ["import", importCommand, "quorum import --project ID --file PATH"],
    ["export", exportCommand, "quorum export --project ID --out PATH"],
    ["simulate", simulateCommand, "quorum simulate --project ID"],
    ["migrate", migrateCommand, "quorum migrate"],
    ["serve", serveCommand, "quorum serve [--no-demo]"],
  ])("%s --help prints its help and opens no database", async (_name, command, usage) => {
    for (const flag of ["--help", "-h"]) {
      const { io, out } = recorder();
      await command([flag], io, config);
      expect(out.join("")).toContain(usage);
    }
    expect(() => statSync(join(dir, "never-opened"))).toThrow();
  });

  it("names an unknown option and shows the help, as a usage error", async () => {
    const { io } = recorder();
    const failure = exportCommand(["--project", "1", "--out", "x", "--colour", "red"], io, config);
    await expect(failure).rejects.toBeInstanceOf(UsageError);
    await expect(exportCommand(["--colour"], io, config)).rejects.toThrow(/--colour[\s\S]*quorum export --project ID/);
    await expect(exportCommand(["--project", "1", "--out", "x", "--per", "row"], io, config)).rejects.toThrow(
      "--per must be judgment or task",
    );
  });

  it("says which database it opened when a project is not there", async () => {
    const data = join(dir, "empty");
    const { io } = recorder();
    const emptyConfig = loadConfig({ QUORUM_DATA_DIR: data });
    await expect(exportCommand(["--project", "2", "--out", join(dir, "x.csv")], io, emptyConfig)).rejects.toThrow(
      `project 2 not found in sqlite:${join(data, "quorum.db")}`,
    );
    const file = join(dir, "tasks.jsonl");
    writeFileSync(file, '{"text":"a"}\n');
    await expect(importCommand(["--project", "2", "--file", file], io, emptyConfig)).rejects.toThrow(
      /project 2 not found in sqlite:.*DATABASE_URL or QUORUM_DATA_DIR/,
    );
  });
});

describe("finding the server's database", () => {
  it("uses the nearest .quorum folder above the working directory", () => {
    const project = join(dir, "workspace");
    mkdirSync(join(project, ".quorum"), { recursive: true });
    mkdirSync(join(project, "a", "b"), { recursive: true });
    const config = loadConfig({}, { cwd: join(project, "a", "b") });
    expect(config.dataDir).toBe(join(project, ".quorum"));
    expect(config.databaseUrl).toBe(join(project, ".quorum", "quorum.db"));
    expect(loadConfig({}, { cwd: join(dir, "nowhere") }).dataDir).toBe(join(dir, "nowhere", ".quorum"));
  });

  it("follows the database a server recorded, unless DATABASE_URL says otherwise", () => {
    const data = join(dir, "recorded");
    mkdirSync(data, { recursive: true });
    writeFileSync(
      join(data, SERVER_RECORD),
      JSON.stringify({ databaseUrl: "postgres://db.example/quorum", databaseSchema: "team" }),
    );
    const env = { QUORUM_DATA_DIR: data };
    expect(loadConfig(env, { followServer: true })).toMatchObject({
      databaseUrl: "postgres://db.example/quorum",
      databaseSchema: "team",
    });
    expect(loadConfig(env).databaseUrl).toBe(join(data, "quorum.db"));
    expect(loadConfig({ ...env, DATABASE_URL: "postgres://other/x" }, { followServer: true })).toMatchObject({
      databaseUrl: "postgres://other/x",
      databaseSchema: undefined,
    });
  });
});

describe("progress", () => {
  it("shows the percentage and the time left when the total is known", () => {
    let now = 0;
    const { io, err } = recorder(false);
    const bar = progressBar(io, "importing", 1000, () => now);
    now = 10_000;
    bar.update(250, "tasks");
    expect(err.at(-1)).toContain(" 25%");
    expect(err.at(-1)).toContain("250 tasks (25/s)");
    expect(err.at(-1)).toContain("30 s left");
    now = 40_000;
    bar.finish(1000, "tasks");
    expect(err.at(-1)).toContain("100%");
    expect(err.at(-1)).toContain("done in 40 s");
  });

  it("formats durations", () => {
    expect(formatDuration(12.4)).toBe("12 s");
    expect(formatDuration(247)).toBe("4:07");
    expect(formatDuration(3909)).toBe("1:05:09");
  });
});

describe("stopping the server", () => {
  function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      let text = "";
      const timer = setTimeout(() => reject(new Error(`no "${pattern}" in:\n${text}`)), 30_000);
      const onData = (chunk: Buffer) => {
        text += chunk.toString();
        const match = text.match(pattern);
        if (match) {
          clearTimeout(timer);
          resolve(match);
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
    });
  }

  async function refused(port: number, withinMs: number): Promise<boolean> {
    const until = Date.now() + withinMs;
    while (Date.now() < until) {
      try {
        await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      } catch {
        return true;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  it("npm start stops the server when npm is told to stop, and records the database it used", async () => {
    const data = join(dir, "served");
    const child = spawn("npm", ["start", "--", "--no-demo"], {
      cwd: root,
      env: { ...process.env, QUORUM_DATA_DIR: data, PORT: "0", HOST: "127.0.0.1", QUORUM_REFIT_MINUTES: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const [, port] = await waitForLine(child, /serving on http:\/\/localhost:(\d+)/);
    const record = JSON.parse(readFileSync(join(data, SERVER_RECORD), "utf8"));
    expect(record.databaseUrl).toBe(join(data, "quorum.db"));
    expect(statSync(join(data, SERVER_RECORD)).mode & 0o077).toBe(0);
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status).toBeLessThan(500);
    child.kill("SIGTERM");
    expect(await refused(Number(port), 8000)).toBe(true);
  });
});
