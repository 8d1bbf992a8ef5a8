/**
 * The definition of a command-line flag.
 *
 * @module
 */

/** A flag definition for `parseCommandArgs`. */
export interface FlagSpec {
  /** `boolean` flags take no value; `string` flags take one. */
  readonly type: "string" | "boolean";
  /** May the flag repeat? */
  readonly multiple?: boolean;
}
