import { describe, expect, it } from "vitest";
import { mulberry32 } from "../quality/random.js";
import { runSprt, sprtBounds } from "./sprt.js";

const exam = { p0: 0.7, p1: 0.9, alpha: 0.05, beta: 0.05, maxAnswers: 40 };
const answers = (pattern: string) => [...pattern].map((c) => c === "1");

// By hand for p0 = 0.7, p1 = 0.9, α = β = 0.05:
//   a correct answer adds ln(0.9/0.7) = 0.251314, a wrong one ln(0.1/0.3) = −1.098612;
//   pass at ln(0.95/0.05) = ln 19 = 2.944439, fail at ln(0.05/0.95) = −2.944439.
describe("runSprt", () => {
  it("has Wald's bounds and steps", () => {
    const bounds = sprtBounds(exam);
    expect(bounds.upper).toBeCloseTo(Math.log(19), 14);
    expect(bounds.lower).toBeCloseTo(-Math.log(19), 14);
    expect(bounds.correctStep).toBeCloseTo(0.2513144282809062, 14);
    expect(bounds.wrongStep).toBeCloseTo(-1.0986122886681098, 14);
    // 1.098612 / (0.251314 + 1.098612) = 1.098612 / 1.349927 = 0.813831.
    expect(bounds.cutoffAccuracy).toBeCloseTo(0.813831, 6);
  });

  it("passes a flawless candidate after 12 straight correct answers, not 11", () => {
    // 11 · 0.251314 = 2.764 < 2.944; 12 · 0.251314 = 3.016 ≥ 2.944.
    expect(runSprt(answers("1".repeat(11)), exam)).toMatchObject({ decision: "continue", answers: 11 });
    const result = runSprt(answers("1".repeat(20)), exam);
    expect(result).toMatchObject({ decision: "pass", answers: 12, correct: 12, reason: "upper_bound" });
    expect(result.logLikelihoodRatio).toBeCloseTo(12 * 0.2513144282809062, 12);
  });

  it("fails a candidate who misses the first 3 after exactly 3 answers", () => {
    // 2 · −1.098612 = −2.197 > −2.944; 3 · −1.098612 = −3.296 ≤ −2.944.
    expect(runSprt(answers("00"), exam).decision).toBe("continue");
    expect(runSprt(answers("000111111111111111"), exam)).toMatchObject({
      decision: "fail",
      answers: 3,
      correct: 0,
      reason: "lower_bound",
    });
  });

  it("needs 17 more correct answers after one early miss", () => {
    // −1.098612 + k · 0.251314 ≥ 2.944439 needs k ≥ 16.09: after 16 the sum is 2.922 (go on),
    // after 17 it is 3.174 (pass), so the candidate passes on answer 18.
    expect(runSprt(answers(`0${"1".repeat(16)}`), exam).decision).toBe("continue");
    expect(runSprt(answers(`0${"1".repeat(30)}`), exam)).toMatchObject({ decision: "pass", answers: 18, correct: 17 });
  });

  it("lets right answers between misses delay the failure", () => {
    // Misses at answers 1, 4 and 7, two right answers between each: −3·1.098612 + 4·0.251314 =
    // −2.291 > −2.944 (go on; no earlier prefix crosses either bound); a fourth miss at answer 8
    // brings −3.390 ≤ −2.944: fail after 8.
    expect(runSprt(answers("0110110"), exam).decision).toBe("continue");
    expect(runSprt(answers("01101100"), exam)).toMatchObject({ decision: "fail", answers: 8, correct: 4 });
  });

  it("decides at the maximum length by the sign of the log-likelihood ratio, not by the midpoint", () => {
    const short = { ...exam, maxAnswers: 10 };
    // 9 right, 1 wrong: 9 · 0.251314 − 1.098612 = 1.163 > 0: pass (accuracy 0.9 > 0.814).
    expect(runSprt(answers("1111011111"), short)).toMatchObject({
      decision: "pass",
      answers: 10,
      reason: "max_answers",
    });
    // 8 right, 2 wrong: 8 · 0.251314 − 2 · 1.098612 = −0.187 < 0: fail, although the accuracy of
    // 0.8 equals the midpoint of p0 and p1; it is below the cut-off 0.8138.
    expect(runSprt(answers("1101101111"), short)).toMatchObject({
      decision: "fail",
      answers: 10,
      reason: "max_answers",
    });
    // Answers past the maximum are ignored.
    expect(runSprt(answers("11110111111111111"), short).answers).toBe(10);
  });

  it("moves the bounds with α and β", () => {
    // α = 0.05, β = 0.2: pass at ln(0.8/0.05) = ln 16 = 2.7726 (still 12 correct: 11 give 2.764),
    // fail at ln(0.2/0.95) = −1.5581, so 2 misses (−2.197) already fail and 1 (−1.099) does not.
    const lenient = { ...exam, beta: 0.2 };
    expect(runSprt(answers("1".repeat(12)), lenient)).toMatchObject({ decision: "pass", answers: 12 });
    expect(runSprt(answers("0"), lenient).decision).toBe("continue");
    expect(runSprt(answers("00"), lenient)).toMatchObject({ decision: "fail", answers: 2 });
    // α = 0.01, β = 0.05: pass at ln(0.95/0.01) = 4.5539, i.e. 19 correct (18 give 4.5237).
    const strict = { ...exam, alpha: 0.01 };
    expect(runSprt(answers("1".repeat(18)), strict).decision).toBe("continue");
    expect(runSprt(answers("1".repeat(19)), strict)).toMatchObject({ decision: "pass", answers: 19 });
  });

  // Wald's bounds promise error rates of at most about α and β (his inequalities: α' ≤ α/(1 − β)).
  it("passes p0 candidates and fails p1 candidates at about the promised rates", () => {
    const random = mulberry32(31);
    const rate = (accuracy: number, decision: "pass" | "fail") => {
      let count = 0;
      for (let r = 0; r < 2000; r++) {
        const sample = Array.from({ length: 200 }, () => random() < accuracy);
        if (runSprt(sample, { ...exam, maxAnswers: 200 }).decision === decision) count++;
      }
      return count / 2000;
    };
    expect(rate(0.7, "pass")).toBeLessThan(0.05 / 0.95 + 0.01);
    expect(rate(0.9, "fail")).toBeLessThan(0.05 / 0.95 + 0.01);
  });

  it("rejects impossible settings", () => {
    expect(() => runSprt([], { ...exam, p1: 0.6 })).toThrow(/p0 < p1/);
    expect(() => runSprt([], { ...exam, alpha: 0 })).toThrow(/alpha/);
    expect(() => runSprt([], { ...exam, maxAnswers: 0 })).toThrow(/maxAnswers/);
  });
});
