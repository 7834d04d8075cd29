import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { answersToPass, checkExamTest, decideExam, examLength } from "./exam-decision.js";

const exam = { p0: 0.7, p1: 0.9, alpha: 0.05, beta: 0.05, maxItems: 40 };
const run = (pattern: string) => [...pattern].map((c) => c === "1");

describe("decideExam", () => {
  it("passes a flawless candidate on the 12th straight correct answer", () => {
    expect(decideExam(run("1".repeat(11)), exam, 40)).toBe("in_progress");
    expect(decideExam(run("1".repeat(12)), exam, 40)).toBe("passed");
  });

  it("fails a candidate who misses the first 3", () => {
    expect(decideExam(run("00"), exam, 40)).toBe("in_progress");
    expect(decideExam(run("000"), exam, 40)).toBe("failed");
  });

  it("decides a shortened exam at its last item by the sign of the log-likelihood ratio", () => {
    // 6 items: 5 right, 1 wrong gives 5·0.2513 − 1.0986 = 0.158 > 0 (pass); 4 right, 2 wrong is negative.
    expect(decideExam(run("11110"), exam, 6)).toBe("in_progress");
    expect(decideExam(run("111101"), exam, 6)).toBe("passed");
    expect(decideExam(run("110101"), exam, 6)).toBe("failed");
  });
});

describe("answersToPass and examLength", () => {
  it("is where a straight run crosses the upper bound, or the exam's end when shorter", () => {
    expect(answersToPass(exam)).toBe(12);
    expect(answersToPass({ ...exam, alpha: 0.01 })).toBe(19);
    expect(answersToPass({ ...exam, maxItems: 8 })).toBe(8);
  });

  it("is the maximum length, or the gold there is", () => {
    expect(examLength(exam, 100)).toBe(40);
    expect(examLength(exam, 25)).toBe(25);
  });
});

describe("checkExamTest", () => {
  const fieldOf = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof DomainError)
        return { code: error.code, path: error.details[0]?.path, message: error.message };
      throw error;
    }
    return undefined;
  };

  it("accepts the standard exam when the project has 12 usable gold tasks, not 11", () => {
    expect(fieldOf(() => checkExamTest(exam, 12))).toBeUndefined();
    const short = fieldOf(() => checkExamTest(exam, 11));
    expect(short).toMatchObject({ code: "invalid_input", path: "projectId" });
    expect(short?.message).toContain("11 gold task(s)");
    expect(short?.message).toContain("at least 12");
  });

  it("names the field that is wrong", () => {
    expect(fieldOf(() => checkExamTest({ ...exam, p1: 0.7 }, 100))?.path).toBe("p1");
    expect(fieldOf(() => checkExamTest({ ...exam, p0: 0 }, 100))?.path).toBe("p0");
    expect(fieldOf(() => checkExamTest({ ...exam, alpha: 0.5 }, 100))?.path).toBe("alpha");
    expect(fieldOf(() => checkExamTest({ ...exam, beta: 0 }, 100))?.path).toBe("beta");
    expect(fieldOf(() => checkExamTest({ ...exam, maxItems: 2.5 }, 100))?.path).toBe("maxItems");
  });

  it("lets a short delta exam run on little gold", () => {
    expect(fieldOf(() => checkExamTest({ ...exam, maxItems: 5 }, 5))).toBeUndefined();
    expect(fieldOf(() => checkExamTest({ ...exam, maxItems: 5 }, 4))?.path).toBe("projectId");
  });
});
