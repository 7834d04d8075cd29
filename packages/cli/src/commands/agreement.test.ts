import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../input-error.js";
import { recordingIo } from "../recording-io.js";
import { agreementCommand } from "./agreement.js";

const dir = mkdtempSync(join(tmpdir(), "quorum-agreement-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Krippendorff (2011)'s reliability data with missing values: alpha nominal 0.743, ordinal 0.815, interval 0.849.
const observers = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];
const lines = ["task,worker,label"];
observers.forEach((values, o) => {
  values.forEach((value, unit) => {
    if (value !== null) lines.push(`u${unit},obs${o},${value}`);
  });
});
const numeric = join(dir, "answers.csv");
writeFileSync(numeric, `${lines.join("\n")}\n`);

describe("quorum agreement", () => {
  it("prints a table with Fleiss' kappa, Krippendorff's alpha at three levels and pairwise kappa", async () => {
    const io = recordingIo();
    await agreementCommand(["--answers", numeric, "--min-common", "5"], io);
    expect(io.out).toMatch(/^tasks\s+12$/m);
    expect(io.out).toMatch(/^Krippendorff's alpha, nominal\s+0\.7434$/m);
    expect(io.out).toMatch(/^Krippendorff's alpha, ordinal\s+0\.8154$/m);
    expect(io.out).toMatch(/^Krippendorff's alpha, interval\s+0\.8491$/m);
    expect(io.out).toMatch(/^Fleiss' kappa\s+0\.\d{4}$/m);
    expect(io.out).toMatch(/^Cohen's kappa, mean over worker pairs\s+0\.\d{4} \(6 pairs with ≥ 5 common tasks\)$/m);
  });

  it("prints JSON, with null for undefined statistics and no ordinal alpha for text labels", async () => {
    const text = join(dir, "text.csv");
    writeFileSync(text, "task,worker,label\nt1,a,cat\nt1,b,cat\nt2,a,dog\nt2,b,cat\n");
    const io = recordingIo();
    await agreementCommand(["--answers", text, "--format", "json"], io);
    const report = JSON.parse(io.out);
    expect(report).toMatchObject({ tasks: 2, workers: 2, answers: 4, classes: ["cat", "dog"], percentAgreement: 0.5 });
    expect(Object.keys(report.krippendorffAlpha)).toEqual(["nominal"]);
    expect(report.pairwiseCohenKappa).toEqual({ mean: null, weightedMean: null, pairs: 0, minCommonItems: 10 });
  });

  it("rejects bad arguments", async () => {
    await expect(agreementCommand([], recordingIo())).rejects.toThrow(/--answers is required/);
    await expect(agreementCommand(["--answers", numeric, "--format", "xml"], recordingIo())).rejects.toThrow(
      /--format/,
    );
    // Bad input: `quorum` exits with code 2, as the README says.
    await expect(agreementCommand([], recordingIo())).rejects.toBeInstanceOf(InputError);
    await expect(agreementCommand(["--answers", numeric, "--min-common", "0"], recordingIo())).rejects.toBeInstanceOf(
      InputError,
    );
  });
});
