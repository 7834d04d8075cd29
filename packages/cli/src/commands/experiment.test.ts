import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32, simulateExperimentUnits } from "@quorum/core";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../input-error.js";
import { recordingIo } from "../recording-io.js";
import { experimentCommand } from "./experiment.js";

const dir = mkdtempSync(join(tmpdir(), "quorum-experiment-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Worked by hand in core's relative-lift test: control R = 10/20 = 0.5, treatment R = 12/20 = 0.6,
// lift 0.2 with delta-method standard error 0.153188, interval [−0.100244, 0.500244], p = 0.19169.
const handWorked = file(
  "hand.csv",
  [
    "unit,arm,numerator,denominator",
    "a1,A,2,4",
    "b1,B,3,4",
    "a2,A,3,5",
    "b2,B,3,5",
    "a3,A,1,3",
    "b3,B,2,3",
    "a4,A,4,8",
    "b4,B,4,8",
  ].join("\n"),
);

async function expectInputError(argv: string[], message: RegExp | string): Promise<void> {
  const error = await experimentCommand(argv, recordingIo()).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).exitCode).toBe(2);
  expect((error as InputError).message).toMatch(message);
}

describe("quorum experiment analyze", () => {
  it("prints the JSON contract: srm, arms (control first) and effects", async () => {
    const io = recordingIo();
    await experimentCommand(["analyze", "--data", handWorked, "--format", "json"], io);
    const report = JSON.parse(io.out);
    expect(Object.keys(report)).toEqual(["srm", "arms", "effects"]);
    expect(Object.keys(report.srm)).toEqual(["pValue"]);
    expect(report.srm.pValue).toBe(1);
    expect(report.arms).toEqual([
      { arm: "A", units: 4, mean: 0.5 },
      { arm: "B", units: 4, mean: 0.6 },
    ]);
    expect(report.effects).toHaveLength(1);
    const [effect] = report.effects;
    expect(Object.keys(effect)).toEqual(["arm", "lift", "ci95", "pValue", "cuped"]);
    expect(effect.arm).toBe("B");
    expect(effect.lift).toBeCloseTo(0.2, 12);
    expect(effect.ci95[0]).toBeCloseTo(-0.1002436, 6);
    expect(effect.ci95[1]).toBeCloseTo(0.5002436, 6);
    expect(effect.pValue).toBeCloseTo(0.1916946, 6);
    expect(effect.cuped).toBe(false);
  });

  it("uses the pre-period columns when present, for a narrower interval", async () => {
    const units = simulateExperimentUnits(mulberry32(3), {
      unitsPerArm: [150, 150],
      lifts: [0, 0.05],
      itemsPerUnit: [20, 40],
      unitSpread: 0.15,
      prePeriod: true,
    });
    const rows = units.map(
      (u) => `${u.unit},${u.arm},${u.numerator},${u.denominator},${u.preNumerator},${u.preDenominator}`,
    );
    // A unit new in the experiment: no pre-period, left empty.
    rows.push("newcomer,B,20,30,,");
    const withPre = file(
      "pre.csv",
      `unit,arm,numerator,denominator,pre_numerator,pre_denominator\n${rows.join("\n")}\n`,
    );
    const withoutPre = file(
      "post.csv",
      `unit,arm,numerator,denominator\n${units.map((u) => `${u.unit},${u.arm},${u.numerator},${u.denominator}`).join("\n")}\nnewcomer,B,20,30\n`,
    );
    const adjusted = recordingIo();
    const plain = recordingIo();
    await experimentCommand(["analyze", "--data", withPre, "--format", "json"], adjusted);
    await experimentCommand(["analyze", "--data", withoutPre, "--format", "json"], plain);
    const [cuped] = JSON.parse(adjusted.out).effects;
    const [unadjusted] = JSON.parse(plain.out).effects;
    expect(cuped.cuped).toBe(true);
    expect(unadjusted.cuped).toBe(false);
    expect(cuped.ci95[1] - cuped.ci95[0]).toBeLessThan(0.85 * (unadjusted.ci95[1] - unadjusted.ci95[0]));
    expect(JSON.parse(adjusted.out).arms).toEqual(JSON.parse(plain.out).arms);
  });

  it("prints a table with the sample-ratio check and a verdict per treatment", async () => {
    const io = recordingIo();
    await experimentCommand(["analyze", "--data", handWorked, "--metric", "gold accuracy"], io);
    expect(io.out).toMatch(/^arm\s+units\s+mean\s+lift\s+95% interval\s+p-value\s+CUPED$/m);
    expect(io.out).toMatch(/^A \(control\)\s+4\s+0\.5000$/m);
    expect(io.out).toMatch(/^B\s+4\s+0\.6000\s+\+20\.0%\s+\[−10\.0%, 50\.0%\]\s+0\.19\s+no$/m);
    expect(io.out).toContain("sample ratio: p = 1.0 (matches the planned split)");
    expect(io.out).toContain("no decision on B yet: +20.0% gold accuracy [−10.0%, 50.0%] still includes no change");
  });

  it("flags a sample-ratio mismatch against the planned split", async () => {
    const rows = ["unit,arm,numerator,denominator"];
    for (let i = 0; i < 300; i++) rows.push(`c${i},control,${i % 3},3`);
    for (let i = 0; i < 200; i++) rows.push(`t${i},treatment,${i % 3},3`);
    const path = file("srm.csv", rows.join("\n"));
    const io = recordingIo();
    await experimentCommand(["analyze", "--data", path], io);
    // 300 vs 200 on a 50/50 plan: χ² = 20, p = 7.7e-6.
    expect(io.out).toContain("SAMPLE RATIO MISMATCH: p = 7.7e-6 < 0.001");
    expect(io.out).toContain("do not decide on treatment");
    const planned = recordingIo();
    await experimentCommand(["analyze", "--data", path, "--split", "60,40", "--format", "json"], planned);
    expect(JSON.parse(planned.out).srm.pValue).toBe(1);
  });

  it("names the line and column of bad data, with exit code 2", async () => {
    const bad = (name: string, body: string) => file(name, `unit,arm,numerator,denominator\n${body}`);
    await expectInputError(
      ["analyze", "--data", bad("nan.csv", "a,A,1,2\nb,B,abc,2\n")],
      /nan\.csv line 3, column numerator: "abc" is not a number/,
    );
    await expectInputError(
      ["analyze", "--data", bad("negative.csv", "a,A,1,2\nb,B,1,-2\n")],
      /line 3, column denominator: must be ≥ 0/,
    );
    await expectInputError(["analyze", "--data", bad("short.csv", "a,A,1\n")], /line 2, column denominator: is empty/);
    await expectInputError(
      ["analyze", "--data", bad("twice.csv", "a,A,1,2\nb,B,1,2\na,B,1,2\n")],
      /line 4, column unit: "a" already appeared on line 2/,
    );
    await expectInputError(
      ["analyze", "--data", file("header.csv", "unit,arm,num,denominator\na,A,1,2\n")],
      /header\.csv line 1: the header has no numerator column/,
    );
    await expectInputError(
      ["analyze", "--data", file("half-pre.csv", "unit,arm,numerator,denominator,pre_numerator\n")],
      /pre_numerator and pre_denominator go together/,
    );
    await expectInputError(
      ["analyze", "--data", file("quote.csv", 'unit,arm,numerator,denominator\n"a,A,1,2\n')],
      /quote\.csv line 2: a quoted field is not closed/,
    );
    await expectInputError(["analyze", "--data", bad("one-arm.csv", "a,A,1,2\nb,A,1,2\n")], /at least 2 arms/);
    await expectInputError(["analyze", "--data", join(dir, "missing.csv")], /missing\.csv: no such file/);
  });

  it("explains itself and rejects bad arguments with exit code 2", async () => {
    const io = recordingIo();
    await experimentCommand(["analyze", "--help"], io);
    expect(io.out).toContain("quorum experiment analyze --data units.csv");
    await expectInputError(["analyze"], /--data is required/);
    await expectInputError(["analyze", "--data", handWorked, "--format", "xml"], /--format must be table or json/);
    await expectInputError(["analyze", "--data", handWorked, "--split", "50,x"], /--split/);
    await expectInputError(["analyze", "--bogus"], /Unknown option/);
    await expectInputError(["compare"], /unknown experiment subcommand "compare"/);
  });
});

const bin = fileURLToPath(new URL("../../bin/quorum.js", import.meta.url));
const built = existsSync(fileURLToPath(new URL("../../dist/main.js", import.meta.url)));

describe.runIf(built)("the quorum binary", () => {
  it("exits with 2 and an error naming the line and column on bad CSV, 0 on --help", () => {
    const bad = file("bad-bin.csv", "unit,arm,numerator,denominator\na,A,1,2\nb,B,1,two\n");
    const failed = spawnSync(process.execPath, [bin, "experiment", "analyze", "--data", bad], { encoding: "utf8" });
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/^error: .*bad-bin\.csv line 3, column denominator: "two" is not a number/);
    const help = spawnSync(process.execPath, [bin, "experiment", "analyze", "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--format    table (default) or json");
  });
});
