import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { classesAreNumeric, encodeAnswers, encodeGold, groupAnswersByTask, sortClasses } from "./answers.js";

describe("sortClasses", () => {
  it("sorts numerically when every label is a number, else as strings", () => {
    expect(sortClasses(["10", "2", "1", "2"])).toEqual(["1", "2", "10"]);
    expect(sortClasses(["b", "10", "a", "2"])).toEqual(["10", "2", "a", "b"]);
    expect(sortClasses(["-1", "0.5", "0"])).toEqual(["-1", "0", "0.5"]);
    expect(classesAreNumeric(["1", "2.5"])).toBe(true);
    expect(classesAreNumeric(["1", "x"])).toBe(false);
    expect(classesAreNumeric([" "])).toBe(false);
  });
});

describe("encodeAnswers", () => {
  const rows = [
    { task: "q1", worker: "ann", label: "10" },
    { task: "q2", worker: "bob", label: "2" },
    { task: "q1", worker: "bob", label: "2" },
  ];

  it("numbers tasks and workers by first appearance and classes in canonical order", () => {
    const encoded = encodeAnswers(rows);
    expect(encoded).toMatchObject({ taskCount: 2, workerCount: 2, classCount: 2, taskIds: ["q1", "q2"] });
    expect(encoded.workerIds).toEqual(["ann", "bob"]);
    expect(encoded.classes).toEqual(["2", "10"]);
    expect(Array.from(encoded.task)).toEqual([0, 1, 0]);
    expect(Array.from(encoded.worker)).toEqual([0, 1, 1]);
    expect(Array.from(encoded.label)).toEqual([1, 0, 0]);
  });

  it("follows the given classes, including ones nobody used, and rejects others", () => {
    const encoded = encodeAnswers(rows, ["10", "2", "never"]);
    expect(encoded.classCount).toBe(3);
    expect(Array.from(encoded.label)).toEqual([0, 1, 1]);
    expect(() => encodeAnswers(rows, ["2"])).toThrow(DomainError);
    expect(() => encodeAnswers(rows, ["2"])).toThrow(/answer 1: label "10"/);
  });

  it("grows past its initial buffer", () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({
      task: `t${i % 700}`,
      worker: `w${i % 13}`,
      label: `${i % 3}`,
    }));
    const encoded = encodeAnswers(many);
    expect(encoded.task.length).toBe(5000);
    expect(encoded.taskCount).toBe(700);
    expect(encoded.label[4999]).toBe(4999 % 3);
  });
});

describe("encodeGold", () => {
  it("maps gold onto task and class indices and counts gold for unanswered tasks", () => {
    const encoded = encodeAnswers([
      { task: "a", worker: "w", label: "x" },
      { task: "b", worker: "w", label: "y" },
    ]);
    const { gold, unmatched } = encodeGold(encoded, [
      { task: "b", label: "x" },
      { task: "zzz", label: "y" },
    ]);
    expect([...gold]).toEqual([[1, 0]]);
    expect(unmatched).toBe(1);
    expect(() => encodeGold(encoded, [{ task: "a", label: "nope" }])).toThrow(/gold label "nope"/);
  });
});

describe("groupAnswersByTask", () => {
  it("lists each task's answers in input order", () => {
    const encoded = encodeAnswers([
      { task: "a", worker: "1", label: "x" },
      { task: "b", worker: "1", label: "x" },
      { task: "a", worker: "2", label: "y" },
    ]);
    const { start, order } = groupAnswersByTask(encoded);
    expect(Array.from(start)).toEqual([0, 2, 3]);
    expect(Array.from(order)).toEqual([0, 2, 1]);
  });
});
