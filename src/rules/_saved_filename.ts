/**
 * What browsers save a download under, for the changes `filename-renamed`
 * reports. The two models follow the browsers' own sanitizers for these
 * changes only: each browser also replaces characters the rule does not
 * report (such as `:`, `*` or `%`), which the names shown keep.
 *
 * - Firefox (`nsExternalHelperAppService::SanitizeFileName` and
 *   `ValidateFileNameForSaving`): `/` and `\` become `_`; leading dots and
 *   spaces are dropped; trailing dots and spaces are dropped; a name whose
 *   part before its last dot is a Windows device name (`CON`, `PRN`, `AUX`,
 *   `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`, any case) becomes `Untitled`,
 *   keeping the extension (`con.txt` → `Untitled.txt`).
 * - Chromium (Chrome, Edge) on Windows (`net::GenerateFileName`): trailing
 *   dots and spaces become one `_` each; leading and trailing dots are
 *   dropped; `/` and `\` become `_`; a name left empty or of only `_` and
 *   `-` becomes `download`; a name whose part before its first dot is a
 *   device name gets a leading `_` (`con.tar.gz` → `_con.tar.gz`).
 *   Chromium on macOS and Linux drops leading and trailing dots, replaces
 *   `/` and `\`, and keeps trailing spaces and device names.
 *
 * @module
 */

/** The Windows device names, which no file can have, with any extension. */
const RESERVED = /^(?:con|prn|aux|nul|com[1-9]|lpt[1-9])(?:\.|$)/i;

/** What a name holds when browsers may change it: the rule's cheap test. */
const MAY_RENAME = /[/\\]|^[.aclnpACLNP]|[. ]$/;

/** A change a browser makes to a filename before saving it. */
export type Rename =
  | "separator"
  | "leading-dot"
  | "reserved"
  | "trailing-dot-or-space";

/** What the two browsers save a name as. */
export interface SavedNames {
  /** Firefox, on any platform. */
  readonly firefox: string;
  /** Chromium (Chrome, Edge) on Windows. */
  readonly chromiumWindows: string;
}

/**
 * Tells which of the reported changes browsers make to a filename.
 *
 * @param name The filename.
 * @returns The changes, in the order the message names them; empty when
 *   browsers save the name as written (as far as these changes go).
 */
export function renames(name: string): Rename[] {
  // Most names: none of the characters any change starts from.
  if (!MAY_RENAME.test(name)) return [];
  const found: Rename[] = [];
  if (/[/\\]/.test(name)) found.push("separator");
  if (name.startsWith(".")) found.push("leading-dot");
  if (RESERVED.test(name)) found.push("reserved");
  if (/[. ]$/.test(name)) found.push("trailing-dot-or-space");
  return found;
}

const DEVICE = /^(?:con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

function firefoxName(name: string): string {
  const cleaned = name.replace(/[/\\]/g, "_")
    .replace(/^[. ]+/, "")
    .replace(/[. ]+$/, "");
  const dot = cleaned.lastIndexOf(".");
  const base = dot === -1 ? cleaned : cleaned.slice(0, dot);
  return DEVICE.test(base) ? `Untitled${cleaned.slice(base.length)}` : cleaned;
}

function chromiumWindowsName(name: string): string {
  const trailing = /[. ]*$/.exec(name)![0].length;
  const cleaned = `${name.slice(0, name.length - trailing)}${
    "_".repeat(trailing)
  }`
    .replace(/^\.+|\.+$/g, "")
    .replace(/[/\\]/g, "_");
  if (/^[-_]*$/.test(cleaned)) return "download";
  return RESERVED.test(cleaned) ? `_${cleaned}` : cleaned;
}

/**
 * What Firefox and Chromium on Windows save a download filename as, for
 * the changes {@linkcode renames} reports (see the module's notes).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { savedNames } from "./_saved_filename.ts";
 *
 * assert.deepEqual(savedNames("../etc/passwd"), {
 *   firefox: "_etc_passwd",
 *   chromiumWindows: "_etc_passwd",
 * });
 * assert.deepEqual(savedNames("con.txt"), {
 *   firefox: "Untitled.txt",
 *   chromiumWindows: "_con.txt",
 * });
 * ```
 *
 * @param name The filename.
 * @returns The saved names.
 */
export function savedNames(name: string): SavedNames {
  return {
    firefox: firefoxName(name),
    chromiumWindows: chromiumWindowsName(name),
  };
}
