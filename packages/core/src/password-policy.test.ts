import { describe, expect, it } from "vitest";
import { passwordProblems } from "./password-policy.js";

const account = { email: "Maria.Lopez@example.com" };

describe("password policy", () => {
  it("accepts a long enough password that is not common and not the email", () => {
    expect(passwordProblems("purple-kettle-42", account)).toEqual([]);
    expect(passwordProblems("correct horse battery staple", account)).toEqual([]);
  });

  it("refuses the most common passwords, whatever their case", () => {
    for (const password of ["password", "12345678", "Password1", "qwertyuiop", "iloveyou"])
      expect(passwordProblems(password, account), password).toEqual([
        { path: "password", message: "is one of the most common passwords; choose another" },
      ]);
  });

  it("refuses the account's own email or its name part", () => {
    for (const password of ["maria.lopez@example.com", "MARIA.LOPEZ", "maria.lopez"])
      expect(passwordProblems(password, account, "newPassword")).toEqual([
        { path: "newPassword", message: "must not be the account's email address" },
      ]);
  });

  it("bounds the length", () => {
    expect(passwordProblems("short", account).map((p) => p.message)).toContain("at least 8 characters");
    expect(passwordProblems("x".repeat(257), account).map((p) => p.message)).toEqual(["at most 256 characters"]);
  });
});
