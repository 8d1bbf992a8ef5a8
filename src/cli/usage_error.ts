/**
 * The user's mistake on the command line: exit code 2, a short message, no
 * stack trace.
 *
 * @module
 */

/** A usage error or unreadable input; the CLI prints it and exits with 2. */
export class UsageError extends Error {
  /**
   * @param message What is wrong, in sentence case.
   * @param options The underlying error, if any.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
  }
}

/** A runtime failure (network, auth, unreachable bucket): exit code 3. */
export class RuntimeFailure extends Error {
  /**
   * @param message What could not be done, naming the failing request.
   * @param options The underlying error, if any.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RuntimeFailure";
  }
}
