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
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${help}`);
  }
}
