import { type ExperimentUnit, parseCsv } from "@quorum/core";
import { InputError } from "../input-error.js";
import { readTextChunks } from "../io.js";

const REQUIRED = ["unit", "arm", "numerator", "denominator"] as const;
const PRE_PERIOD = ["pre_numerator", "pre_denominator"] as const;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Reads experiment units from a CSV with a header naming unit, arm, numerator, denominator and,
 * optionally, pre_numerator and pre_denominator (in any order; other columns are ignored). One
 * row per randomisation unit. Empty pre-period cells mean the unit has no pre-period (0 / 0).
 * Any problem is a `InputError` naming the file, line and column.
 */
export async function readExperimentUnitsCsv(path: string): Promise<{ units: ExperimentUnit[]; prePeriod: boolean }> {
  const units: ExperimentUnit[] = [];
  const firstLine = new Map<string, number>();
  let columns: Map<string, number> | undefined;
  let prePeriod = false;
  const fail = (line: number, column: string, message: string): never => {
    throw new InputError(`${path} line ${line}, column ${column}: ${message}`);
  };
  try {
    for await (const { line, fields } of parseCsv(readTextChunks(path))) {
      if (!columns) {
        const header = fields.map((field) => field.trim().toLowerCase());
        columns = new Map(header.map((name, index) => [name, index]));
        const missing = REQUIRED.filter((name) => !columns!.has(name));
        if (missing.length > 0)
          throw new InputError(`${path} line ${line}: the header has no ${missing.join(", ")} column`);
        const pre = PRE_PERIOD.filter((name) => columns!.has(name));
        if (pre.length === 1) {
          throw new InputError(
            `${path} line ${line}: pre_numerator and pre_denominator go together (found only ${pre[0]})`,
          );
        }
        prePeriod = pre.length === 2;
        continue;
      }
      const cell = (name: string) => (fields[columns!.get(name)!] ?? "").trim();
      const text = (name: string) => cell(name) || fail(line, name, "is empty");
      const number = (name: string, options: { nonNegative?: boolean; emptyIsZero?: boolean } = {}) => {
        const value = cell(name);
        if (value === "" && options.emptyIsZero) return 0;
        if (value === "") return fail(line, name, "is empty");
        if (!NUMBER.test(value)) return fail(line, name, `"${value}" is not a number`);
        const parsed = Number(value);
        if (options.nonNegative && parsed < 0) return fail(line, name, `must be ≥ 0 (got ${value})`);
        return parsed;
      };
      const unit: ExperimentUnit = {
        unit: text("unit"),
        arm: text("arm"),
        numerator: number("numerator"),
        denominator: number("denominator", { nonNegative: true }),
      };
      if (prePeriod) {
        unit.preNumerator = number("pre_numerator", { emptyIsZero: true });
        unit.preDenominator = number("pre_denominator", { nonNegative: true, emptyIsZero: true });
      }
      const seen = firstLine.get(unit.unit);
      if (seen !== undefined) fail(line, "unit", `"${unit.unit}" already appeared on line ${seen} (one row per unit)`);
      firstLine.set(unit.unit, line);
      units.push(unit);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new InputError(`${path}: no such file`);
    // The CSV parser's own messages ("line 4: a quoted field is not closed") lack the file name.
    if (error instanceof Error) throw new InputError(`${path} ${error.message}`);
    throw error;
  }
  if (!columns) throw new InputError(`${path}: the file is empty (expected a header line)`);
  if (units.length === 0) throw new InputError(`${path}: no units after the header`);
  return { units, prePeriod };
}
