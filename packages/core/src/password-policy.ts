import { dictionary } from "@zxcvbn-ts/language-common";
import { type ErrorDetail, invalidInput } from "./errors.js";

export const PASSWORD_MIN_LENGTH = 8;
/** Long passphrases are welcome; the cap only bounds the hashing work one request can ask for. */
export const PASSWORD_MAX_LENGTH = 256;
/** How many of the most common leaked passwords are refused. */
export const COMMON_PASSWORDS_REFUSED = 10_000;

let common: ReadonlySet<string> | undefined;

/** The most common passwords, most common first (zxcvbn's list, from leaked-password corpora). */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary["passwords-common"].slice(0, COMMON_PASSWORDS_REFUSED));
  return common;
}

/**
 * What is wrong with a new password for an account, as details under `field` (none when it is
 * acceptable): too short or too long, one of the most common passwords (compared case-blind), or
 * the account's own email or the email's name part. Composition rules (digits, symbols) are
 * deliberately absent, as NIST SP 800-63B and OWASP ASVS 2.1.9 advise.
 */
export function passwordProblems(password: string, account: { email: string }, field = "password"): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    problems.push({ path: field, message: `at least ${PASSWORD_MIN_LENGTH} characters` });
  if (length > PASSWORD_MAX_LENGTH)
    problems.push({ path: field, message: `at most ${PASSWORD_MAX_LENGTH} characters` });
  const folded = password.trim().toLowerCase();
  const email = account.email.trim().toLowerCase();
  const localPart = email.split("@")[0] ?? "";
  if (folded === email || folded === localPart)
    problems.push({ path: field, message: "must not be the account's email address" });
  else if (commonPasswords().has(folded))
    problems.push({ path: field, message: "is one of the most common passwords; choose another" });
  return problems;
}

/** Throws `invalid_input` naming the field when the password breaks the policy (see `passwordProblems`). */
export function assertPasswordAcceptable(password: string, account: { email: string }, field = "password"): void {
  const problems = passwordProblems(password, account, field);
  if (problems.length > 0) throw invalidInput("The password is not acceptable", problems);
}
