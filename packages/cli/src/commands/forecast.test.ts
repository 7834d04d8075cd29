import { describe, expect, it } from "vitest";
import { InputError } from "../input-error.js";
import type { Io } from "../io.js";
import { FORECAST_ETA_HELP, FORECAST_HELP, FORECAST_SERIES_HELP, forecastCommand } from "./forecast.js";

function recordingIo(): Io & { out: string } {
  const io = {
    out: "",
    interactive: false,
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: () => {},
  };
  return io;
}

async function run(...argv: string[]): Promise<string> {
  const io = recordingIo();
  await forecastCommand(argv, io);
  return io.out;
}

describe("quorum forecast eta", () => {
  it("prints the percentiles of the finish day as JSON", async () => {
    // History 0,3,5 and backlog 20: P(done within 7 days) = 0.430, within 8 = 0.611 (see core's eta tests).
    expect(await run("eta", "--history", "0,3,5", "--backlog", "20", "--format", "json")).toBe(
      '{"days":{"p50":8,"p70":9,"p85":10,"p95":12}}\n',
    );
  });

  it("prints a table, and says never for a history without completed work", async () => {
    expect(await run("eta", "--history", "0, 3, 5", "--backlog", "20")).toBe(
      "percentile  days\np50         8\np70         9\np85         10\np95         12\n",
    );
    const never = await run("eta", "--history", "0,0,0", "--backlog", "20");
    expect(never).toMatch(/^p85 {9}never$/m);
    expect(never).toContain("never done");
    expect(JSON.parse(await run("eta", "--history", "0,0", "--backlog", "5", "--format", "json"))).toEqual({
      days: { p50: null, p70: null, p85: null, p95: null },
    });
  });

  it("names the bad option and value", async () => {
    await expect(run("eta", "--history", "0,x", "--backlog", "20")).rejects.toThrow('--history: "x" is not a number');
    // Bad input: `quorum` exits with code 2, as the README says.
    await expect(run("eta", "--history", "0,x", "--backlog", "20")).rejects.toBeInstanceOf(InputError);
    await expect(run("eta", "--history", "1")).rejects.toBeInstanceOf(InputError);
    await expect(run("eta", "--history", "0,,3", "--backlog", "20")).rejects.toThrow('--history: "" is not a number');
    await expect(run("eta", "--history", "1.5", "--backlog", "20")).rejects.toThrow(
      '--history: "1.5" is not a whole number ≥ 0',
    );
    await expect(run("eta", "--history", "1", "--backlog", "lots")).rejects.toThrow(
      '--backlog: "lots" is not a number',
    );
    await expect(run("eta", "--history", "1", "--backlog=-3")).rejects.toThrow("--backlog: -3 must be at least 0");
    await expect(run("eta", "--backlog", "3")).rejects.toThrow("--history is required");
    await expect(run("eta", "--history", "1", "--backlog", "3", "--format", "xml")).rejects.toThrow(
      '--format: "xml" must be table or json',
    );
    await expect(run("eta", "--history", "1", "--backlog", "3", "--days", "2")).rejects.toThrow(
      /Unknown option '--days'.*quorum forecast eta --help/,
    );
  });
});

describe("quorum forecast series", () => {
  it("prints the model as R names it, its AICc and the forecasts with 80% and 95% intervals", async () => {
    const report = JSON.parse(
      await run("series", "--values", "42,45,39,50,47,44,52,48,46,51,49,53", "--horizon", "3", "--format", "json"),
    );
    expect(Object.keys(report)).toEqual(["model", "aicc", "mean", "lower80", "upper80", "lower95", "upper95"]);
    // R 8.20: ets(y) is ETS(A,N,N), AICc 71.61672, α = 0.336.
    expect(report.model).toBe("ETS(A,N,N)");
    expect(report.aicc).toBeCloseTo(71.61672, 4);
    for (const key of ["mean", "lower80", "upper80", "lower95", "upper95"]) expect(report[key]).toHaveLength(3);
    expect(report.lower95[0]).toBeLessThan(report.lower80[0]);
    expect(report.upper95[2]).toBeGreaterThan(report.upper80[2]);
  });

  it("falls back to R's simple smoothing on a three-value series, with aicc null", async () => {
    // R 8.20: forecast(ets(ts(c(1,2,3), frequency = 7)), h = 14) is ETS(A,A,N): 4, 5, 6, …; 80% from 3.260095859.
    const report = JSON.parse(
      await run("series", "--values", "1,2,3", "--season", "7", "--horizon", "14", "--format", "json"),
    );
    expect(report.model).toBe("ETS(A,A,N)");
    expect(report.aicc).toBeNull();
    expect(report.mean).toHaveLength(14);
    expect(report.mean.slice(0, 3).map((v: number) => Number(v.toFixed(6)))).toEqual([4, 5, 6]);
    expect(report.lower80[0]).toBeCloseTo(3.260095859, 6);
    expect(report.upper95[2]).toBeCloseTo(7.959963985, 6);
  });

  it("chooses a seasonal model when the season is given and defaults the horizon to two seasons", async () => {
    const weekly = [
      247.4, 224.7, 240.1, 211.6, 167.3, 182.1, 254.1, 250.8, 276.7, 256, 240.7, 210.9, 187.7, 253.7, 271.3, 281.1,
      274.3, 214.1, 175.2, 241.2, 274.3, 272.6, 292.4, 313.3, 289.7, 220.3, 243.3, 277.8, 320.5, 307.8, 325.2, 296.5,
      258.9, 260.1, 326.1, 315.3, 327.1, 330.5, 280, 267.9, 290.9, 336.7,
    ];
    const table = await run("series", "--values", weekly.join(","), "--season", "7");
    // R 8.20: ets(ts(weekly, frequency = 7), additive.only = TRUE) is ETS(A,A,A), AICc 410.3897.
    expect(table.split("\n")[0]).toBe("ETS(A,A,A), AICc 410.39");
    expect(table.split("\n")[1]).toMatch(/^ +h +mean +lower80 +upper80 +lower95 +upper95$/);
    expect(table.trim().split("\n")).toHaveLength(2 + 14);
  });

  it("names the bad option and value", async () => {
    await expect(run("series", "--values", "1,2,abc")).rejects.toThrow('--values: "abc" is not a number');
    await expect(run("series", "--values", "1,2,3", "--season", "48")).rejects.toThrow(
      "--season: 48 must be from 1 to 24",
    );
    await expect(run("series", "--values", "1,2,3", "--season", "2.5")).rejects.toThrow(
      '--season: "2.5" is not a whole number',
    );
    await expect(run("series", "--values", "1,2,3", "--horizon", "0")).rejects.toThrow("--horizon: 0 must be from 1");
    await expect(run("series")).rejects.toThrow("--values is required");
  });
});

describe("quorum forecast help", () => {
  it("prints help for the command and each subcommand, and refuses an unknown one", async () => {
    expect(await run()).toBe(`${FORECAST_HELP}\n`);
    expect(await run("--help")).toBe(`${FORECAST_HELP}\n`);
    expect(await run("eta", "--help")).toBe(`${FORECAST_ETA_HELP}\n`);
    expect(await run("series", "-h")).toBe(`${FORECAST_SERIES_HELP}\n`);
    expect(FORECAST_ETA_HELP.split("\n")[0]).toBe(
      "quorum forecast eta --history 0,3,5 --backlog 20 [--format table|json]",
    );
    await expect(run("when")).rejects.toThrow('unknown forecast command "when"');
  });
});
