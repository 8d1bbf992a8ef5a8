/**
 * File system errors in words, for messages about the user's files.
 *
 * @module
 */
import type { RuntimeFailure, UsageError } from "./usage_error.ts";

/**
 * Describes a file-system error in a few words.
 *
 * @param error The error `Deno.readFile` and friends threw.
 * @returns For example "file not found".
 */
export function describeFsError(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "file not found";
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.IsADirectory) return "it is a directory";
  return error instanceof Error ? error.message : String(error);
}

/**
 * The handler that turns a failure to write `target` into the CLI's error:
 * `Failure` saying `Cannot write "<target>": <why>`. A `RangeError` (running
 * out of memory) passes as it is: `main()` tells it as the run's limit.
 *
 * @param target The file or folder being written.
 * @param Failure `UsageError` where the path is at fault (open, rename),
 *   `RuntimeFailure` where the write itself failed (disk full).
 * @returns The handler, for `.catch()`.
 */
export function writeFailure(
  target: string,
  Failure: typeof UsageError | typeof RuntimeFailure,
): (error: unknown) => never {
  return (error) => {
    if (error instanceof RangeError) throw error;
    throw new Failure(`Cannot write "${target}": ${describeFsError(error)}`, {
      cause: error,
    });
  };
}
