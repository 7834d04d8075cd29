/** Bad input from the user (arguments or file contents): `quorum` exits with code 2 instead of 1. */
export class InputError extends Error {
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}
