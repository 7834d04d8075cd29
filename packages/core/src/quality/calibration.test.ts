import { describe, expect, it } from "vitest";
import {
  applyCalibration,
  crossValidateCalibration,
  expectedCalibrationError,
  fitCalibration,
  IDENTITY_CALIBRATION,
} from "./calibration.js";
import { dawidSkene } from "./dawid-skene.js";
import { simulateAnswers } from "./simulate-answers.js";

const K = 2;
/** Two tasks per confidence: one right, one wrong at 0.9 confidence. */
const toy = {
  classCount: K,
  label: Int32Array.from([0, 0, 1, 1]),
  confidence: Float64Array.from([0.9, 0.9, 0.6, 0.6]),
  posterior: Float64Array.from([0.9, 0.1, 0.9, 0.1, 0.4, 0.6, 0.4, 0.6]),
};

describe("expectedCalibrationError", () => {
  it("averages |accuracy − confidence| per bin, weighted by the bin's tasks", () => {
    // Bin 0.9: confidence 0.9, accuracy 0.5 → gap 0.4; bin 0.6: confidence 0.6, accuracy 1 → gap 0.4.
    const gold = new Map([
      [0, 0],
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    expect(expectedCalibrationError(toy, gold)).toBeCloseTo(0.4, 12);
    expect(expectedCalibrationError(toy, new Map())).toBeNaN();
  });
});

describe("fitCalibration", () => {
  // A crowd of 4 classes where Dawid-Skene is overconfident: few answers per worker and per task.
  const sim = simulateAnswers({
    taskCount: 3000,
    workerCount: 400,
    classCount: 4,
    answersPerTask: 3,
    accuracy: { min: 0.45, max: 0.85 },
    spammerShare: 0.1,
    seed: 11,
  });
  const fit = dawidSkene(sim.answers);
  const gold = new Map<number, number>();
  for (let t = 0; t < sim.answers.taskCount; t += 3) gold.set(t, sim.truth[t]!);
  const all = new Map(Array.from(sim.truth, (k, t) => [t, k] as [number, number]));

  it("brings an overconfident posterior's calibration error under 0.05 on tasks it was not fitted on", () => {
    const raw = expectedCalibrationError(fit, all);
    expect(raw).toBeGreaterThan(0.08);
    const calibration = fitCalibration(fit, gold);
    expect(calibration.temperature).toBeGreaterThan(1);
    const calibrated = applyCalibration(fit, calibration);
    const unseen = new Map([...all].filter(([t]) => !gold.has(t)));
    expect(expectedCalibrationError(calibrated, unseen)).toBeLessThan(0.05);
    // Labels are the method's; every posterior row still sums to 1.
    expect(Array.from(calibrated.label)).toEqual(Array.from(fit.label));
    for (let t = 0; t < 50; t++) {
      const row = calibrated.posterior.subarray(t * 4, t * 4 + 4);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(calibrated.confidence[t]).toBe(Math.max(...row));
    }
  });

  it("reports the held-out error by cross-validation, and is the identity without gold", () => {
    expect(crossValidateCalibration(fit, gold).ece).toBeLessThan(0.05);
    expect(fitCalibration(fit, new Map())).toEqual({ ...IDENTITY_CALIBRATION, shrinkage: 3 });
  });
});
