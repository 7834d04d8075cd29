import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { recordingIo } from "../recording-io.js";
import { costCommand } from "./cost.js";

const dir = mkdtempSync(join(tmpdir(), "quorum-cost-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = "segment,items,overlap,gold_share,rework_share,minutes_per_judgment,hourly_rate";
function file(name: string, rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${[HEADER, ...rows].join("\n")}\n`);
  return path;
}

// German: 1000 × 3 × 1.1 / 0.8 × 2 / 60 × $20 = $2,750; French: 500 × 2 / 0.9 × 1.5 / 60 × $18 = $500.
const base = file("base.csv", ["rating × de,1000,3,0.2,0.1,2,20", "rating × fr,500,2,0.1,0,1.5,18"]);
// German overlap 3 → 4 and rate $20 → $25 ($4,583.33); French unchanged; Spanish new (200 × 2 / 60 × $15 = $100).
const current = file("current.csv", [
  "rating × de,1000,4,0.2,0.1,2,25",
  "rating × fr,500,2,0.1,0,1.5,18",
  "rating × es,200,1,0,0,2,15",
]);

function cents(value: number): number {
  return Math.round(value * 100);
}

describe("quorum cost explain", () => {
  it("prints JSON whose drivers add up to the change to the cent", async () => {
    const io = recordingIo();
    await costCommand(["explain", "--base", base, "--current", current, "--format", "json"], io);
    const report = JSON.parse(io.out);
    expect(Object.keys(report)).toEqual(["base", "current", "change", "drivers"]);
    expect(Object.keys(report.drivers)).toEqual(["volume", "mix", "overlap", "quality", "efficiency", "rate"]);
    expect(report.base).toBe(3250);
    expect(report.current).toBe(5183.33);
    expect(report.change).toBe(1933.33);
    const driverCents = Object.values(report.drivers as Record<string, number>).map(cents);
    expect(driverCents.reduce((a, b) => a + b, 0)).toBe(cents(report.change));
    // By hand: gold, rework and speed did not change. German's rise of $1,833.33 splits by the
    // logarithmic mean L = 1833.33 / ln(5/3) = 3588.96 into overlap L ln(4/3) = 1032.48 and rate
    // L ln(1.25) = 800.85. Accepted items grew 1500 → 1700: volume (3588.96 + 500) ln(17/15) =
    // 511.79; German's and French shares fell by as much (mix −511.79) and Spanish adds its $100
    // as mix: −411.79.
    expect(report.drivers).toEqual({
      volume: 511.79,
      mix: -411.79,
      overlap: 1032.48,
      quality: 0,
      efficiency: 0,
      rate: 800.85,
    });
  });

  it("prints a table with the same figures and the sentence", async () => {
    const io = recordingIo();
    await costCommand(["explain", "--base", base, "--current", current], io);
    expect(io.out).toMatch(/^base\s+3,250\.00$/m);
    expect(io.out).toMatch(/^change\s+\+1,933\.33$/m);
    expect(io.out).toMatch(/^ {2}rate\s+\+800\.85$/m);
    expect(io.out).toMatch(/^ {2}mix\s+-411\.79$/m);
    expect(io.out).toContain(
      "cost +59%: overlap +$1,032.48 in rating × de, higher rates +$800.85 in rating × de, volume +$511.79, " +
        "partly offset by mix −$411.79 in rating × de\n",
    );
    expect(io.out).toMatch(/^cost per accepted label \+\d+(\.\d)?%: /m);
  });

  it("names the file, line and column of bad input", async () => {
    const cases: [string[], RegExp][] = [
      [["rating × de,1000,3,1.2,0.1,2,20"], /bad\.csv line 2: gold_share must be in \[0, 1\)$/],
      [["a,1,1,0,0,1,1", "b,1,1,0,0,1,x"], /bad\.csv line 3: hourly_rate must be a number, not "x"/],
      [["a,1,1,0,0,1,1", "a,2,1,0,0,1,1"], /bad\.csv line 3: segment "a" is listed twice \(first on line 2\)/],
      [["a,-1,1,0,0,1,1"], /bad\.csv line 2: items must not be negative/],
      [["a,1,1,0,0,1"], /bad\.csv line 2: hourly_rate is missing/],
    ];
    for (const [rows, message] of cases) {
      const bad = file("bad.csv", rows);
      await expect(costCommand(["explain", "--base", bad, "--current", current], recordingIo())).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(message),
      });
    }
    const noHeader = join(dir, "no-header.csv");
    writeFileSync(noHeader, "segment,items\n");
    await expect(costCommand(["explain", "--base", noHeader, "--current", current], recordingIo())).rejects.toThrow(
      /no-header\.csv line 1: the header has no overlap, gold_share, rework_share, minutes_per_judgment, hourly_rate column/,
    );
    await expect(
      costCommand(["explain", "--base", join(dir, "missing.csv"), "--current", current], recordingIo()),
    ).rejects.toThrow(/missing\.csv: no such file/);
    await expect(costCommand(["explain", "--base", base], recordingIo())).rejects.toMatchObject({ exitCode: 2 });
    await expect(
      costCommand(["explain", "--base", base, "--current", current, "--format", "xml"], recordingIo()),
    ).rejects.toThrow(/--format/);
  });

  it("prints help", async () => {
    const io = recordingIo();
    await costCommand(["explain", "--help"], io);
    expect(io.out).toMatch(/^quorum cost explain --base base\.csv --current current\.csv/);
  });

  const bin = fileURLToPath(new URL("../../bin/quorum.js", import.meta.url));
  const built = existsSync(fileURLToPath(new URL("../../dist/commands/cost.js", import.meta.url)));
  if (!built && process.env.CI) throw new Error("packages/cli/dist is missing: run `npm run build` before the tests");

  it.runIf(built)("exits with code 2 and the line and column on bad input from the real command", () => {
    const bad = file("bad-process.csv", ["a,1,1,0,0,1,1", "b,1,1,1,0,1,1"]);
    const result = spawnSync(process.execPath, [bin, "cost", "explain", "--base", bad, "--current", current], {
      encoding: "utf8",
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`error: ${bad} line 3: gold_share must be in [0, 1)\n`);
    const ok = spawnSync(
      process.execPath,
      [bin, "cost", "explain", "--base", base, "--current", current, "--format", "json"],
      {
        encoding: "utf8",
      },
    );
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).change).toBe(1933.33);
  });
});
