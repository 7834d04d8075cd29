/**
 * An error the top-level handler reports with its own exit code: 2 when the input (arguments or
 * a data file) cannot be used, so scripts can tell bad input from a failure of the command.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}
