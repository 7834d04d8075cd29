import type { Stats } from "node:fs";
import { stat } from "node:fs/promises";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { InputError } from "./input-error.js";
import type { Io } from "./io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>
>["values"];

/** A mistake in how a command was called; `main.ts` prints it and exits with 2, like other bad input. */
export class UsageError extends InputError {
  override name = "UsageError";
}

/**
 * Parses a command's options. `--help`/`-h` prints `help` and returns undefined (the command then
 * does nothing); an unknown or malformed option is a `UsageError` that names it.
 */
export function parseCommandArgs<const O extends Options>(
  argv: string[],
  options: O,
  help: string,
  io: Io,
): Parsed<O> | undefined {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(`${help}\n`);
    return undefined;
  }
  try {
    return parseArgs({ args: withNegativeNumbers(argv, options), strict: true, options, allowPositionals: false })
      .values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${help}`);
  }
}

/** `--priority -5` as `--priority=-5`: parseArgs takes a value starting with a dash for an option. */
function withNegativeNumbers(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (const arg of argv) {
    const previous = out.at(-1);
    const option = previous?.startsWith("--") && !previous.includes("=") ? options[previous.slice(2)] : undefined;
    if (option?.type === "string" && /^-\d/.test(arg)) out[out.length - 1] = `${previous}=${arg}`;
    else out.push(arg);
  }
  return out;
}

/** A number option within [min, max]; a `UsageError` naming the option otherwise. */
export function numberOption(name: string, text: string, min: number, max: number): number {
  const value = text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new UsageError(`${name} must be a number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return value;
}

/** A whole-number option within [min, max] (no upper bound by default); a `UsageError` naming the option otherwise. */
export function integerOption(name: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`${name} must be a whole number ${range}, not ${JSON.stringify(text)}`);
  }
  return value;
}

/** The size of the file an option names; a `UsageError` naming the option when it is missing or a folder. */
export async function inputFileSize(name: string, path: string): Promise<number> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`${name}: ${path} does not exist`);
    if (code === "EACCES") throw new UsageError(`${name}: ${path} cannot be read (permission denied)`);
    throw error;
  }
  if (info.isDirectory()) throw new UsageError(`${name}: ${path} is a folder, not a file`);
  return info.size;
}
