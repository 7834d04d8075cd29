import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../input-error.js";
import type { Io } from "../io.js";
import { inferCommand } from "./infer.js";

function recordingIo(): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    interactive: false,
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

const dir = mkdtempSync(join(tmpdir(), "quorum-infer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Three reliable workers and one who always answers "no"; task ids with commas and quotes.
const lines = ["task,worker,label"];
for (let t = 0; t < 30; t++) {
  const truth = t % 3 === 0 ? "yes" : "no";
  const id = t === 0 ? '"item, ""zero"""' : `item${t}`;
  for (const worker of ["ann", "bob", "cy"]) lines.push(`${id},${worker},${truth}`);
  lines.push(`${id},dan,no`);
}
const answers = file("answers.csv", `${lines.join("\n")}\n`);
const gold = file(
  "gold.csv",
  'task,label\n"item, ""zero""",yes\nitem1,no\nitem3,yes\nitem4,no\nitem6,yes\nitem7,no\nnot-answered,no\n',
);

describe("quorum infer", () => {
  it("writes task,label,confidence for every task and a summary line", async () => {
    const io = recordingIo();
    const out = join(dir, "labels.csv");
    await inferCommand(["--method", "ds", "--answers", answers, "--out", out], io);
    const written = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(written[0]).toBe("task,label,confidence");
    expect(written).toHaveLength(31);
    expect(written[1]).toMatch(/^"item, ""zero""",yes,(0|1)\.\d{6}$/);
    expect(written[2]).toMatch(/^item1,no,/);
    expect(io.err).toMatch(
      /^infer: 30 tasks, 4 workers, 120 answers, 2 classes, method ds, \d+ iterations, inferred in [\d.]+ s/,
    );
    expect(io.err.trim().split("\n")).toHaveLength(1);
    expect(io.out).toBe("");
  });

  it("writes to standard output without --out, for every method", async () => {
    for (const method of ["mv", "wawa", "ds", "onecoin", "glad", "mace", "ordinal"]) {
      const io = recordingIo();
      await inferCommand(["--method", method, "--answers", answers], io);
      expect(io.out.split("\n")[0]).toBe("task,label,confidence");
      expect(io.out.trimEnd().split("\n")).toHaveLength(31);
      expect(io.err).toContain(`method ${method}`);
    }
  });

  it("reports held-out accuracy on gold and ignores gold for unanswered tasks", async () => {
    const io = recordingIo();
    await inferCommand(["--method", "wmv", "--answers", answers, "--gold", gold, "--folds", "3"], io);
    expect(io.err).toContain("accuracy on gold 1.0000 (6/6, 3-fold held out)");
    expect(io.err).toContain("1 gold tasks without answers ignored");
    const mv = recordingIo();
    await inferCommand(["--method", "mv", "--answers", answers, "--gold", gold], mv);
    expect(mv.err).toContain("gold not used by mv");
  });

  it("breaks majority-vote ties by the first label in sorted order and says how many", async () => {
    const tied = file("tied.csv", "task,worker,label\nt1,a,b\nt1,b,a\nt2,a,b\nt2,b,b\nt3,a,c\nt3,b,a\nt3,c,b\n");
    const io = recordingIo();
    await inferCommand(["--method", "mv", "--answers", tied], io);
    expect(io.out.trimEnd().split("\n").slice(1)).toEqual(["t1,a,0.500000", "t2,b,1.000000", "t3,a,0.333333"]);
    expect(io.err).toContain("2 ties broken (first label in sorted order)");
  });

  it("--method auto names the method it chose and why, by gold when there is enough", async () => {
    const io = recordingIo();
    await inferCommand(["--method", "auto", "--answers", answers], io);
    expect(io.err).toMatch(/method auto: (ds|ds-laplace|onecoin) \(.*answers per worker per confusion cell/);
    expect(io.out.trimEnd().split("\n")).toHaveLength(31);
    // 6 gold tasks are too few to rank methods on: the rule still decides.
    const withGold = recordingIo();
    await inferCommand(["--method", "auto", "--answers", answers, "--gold", gold], withGold);
    expect(withGold.err).toMatch(/method auto: (ds|ds-laplace|onecoin) \(/);
  });

  it("with --gold, calibrates the confidences and reports the held-out calibration error", async () => {
    const io = recordingIo();
    await inferCommand(["--method", "ds", "--answers", answers, "--gold", gold, "--folds", "3"], io);
    expect(io.err).toMatch(
      /confidences calibrated on gold \(expected calibration error [\d.]+ held out, [\d.]+ before\)/,
    );
    for (const line of io.out.trimEnd().split("\n").slice(1)) {
      const confidence = Number(line.split(",").at(-1));
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
  });

  it("rejects bad arguments", async () => {
    await expect(inferCommand([], recordingIo())).rejects.toThrow(/--answers is required/);
    await expect(inferCommand(["--answers", answers, "--method", "magic"], recordingIo())).rejects.toThrow(
      /--method must be one of/,
    );
    await expect(inferCommand(["--answers", answers, "--method", "wmv"], recordingIo())).rejects.toThrow(
      /needs --gold/,
    );
    await expect(inferCommand(["--answers", answers, "--folds", "-1"], recordingIo())).rejects.toThrow(/--folds/);
    // Bad input, not a failure of the program: `quorum` exits with code 2, as the README says.
    for (const args of [[], ["--answers", answers, "--method", "magic"], ["--answers", join(dir, "nope.csv")]])
      await expect(inferCommand(args, recordingIo())).rejects.toBeInstanceOf(InputError);
    const empty = file("empty.csv", "");
    await expect(inferCommand(["--answers", empty], recordingIo())).rejects.toBeInstanceOf(InputError);
  });

  it("names the file and line of bad input", async () => {
    const missingWorker = file("missing-worker.csv", "task,worker,label\nt1,w1,a\nt2,,b\n");
    await expect(inferCommand(["--answers", missingWorker], recordingIo())).rejects.toThrow(
      `${missingWorker} line 3: missing worker`,
    );
    const shortRow = file("short.csv", "task,worker,label\nt1,w1\n");
    await expect(inferCommand(["--answers", shortRow], recordingIo())).rejects.toThrow(
      `${shortRow} line 2: missing label`,
    );
    const badHeader = file("header.csv", "item,annotator,label\nt1,w1,a\n");
    await expect(inferCommand(["--answers", badHeader], recordingIo())).rejects.toThrow(
      `${badHeader} line 1: header has no task, worker column`,
    );
    const unclosed = file("quote.csv", 'task,worker,label\nt1,w1,"a\n');
    await expect(inferCommand(["--answers", unclosed], recordingIo())).rejects.toThrow(
      `${unclosed} line 2: a quoted field is not closed`,
    );
    const empty = file("empty.csv", "");
    await expect(inferCommand(["--answers", empty], recordingIo())).rejects.toThrow(`${empty}: the file is empty`);
    await expect(inferCommand(["--answers", join(dir, "nope.csv")], recordingIo())).rejects.toThrow(
      "nope.csv: no such file",
    );
    const conflicting = file("gold-conflict.csv", "task,label\nitem1,no\nitem1,yes\n");
    await expect(inferCommand(["--answers", answers, "--gold", conflicting], recordingIo())).rejects.toThrow(
      `${conflicting} line 3: task "item1" has two gold labels`,
    );
  });
});
