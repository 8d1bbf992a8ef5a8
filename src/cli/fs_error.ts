/**
 * File system errors in words, for messages about the user's files.
 *
 * @module
 */

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
