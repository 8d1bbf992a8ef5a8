/**
 * Wildcard patterns as OSS uses them in CORS rules (`*`), Referer rules
 * (`*` and `?`) and, in the emulator, fault rules.
 *
 * @module
 */

/** How a wildcard pattern is read. */
export interface WildcardOptions {
  /** Whether `?` matches any one character (else it is literal). */
  readonly question?: boolean | undefined;
  /** Whether case is ignored. */
  readonly ignoreCase?: boolean | undefined;
}

/**
 * Compiles a wildcard pattern, where `*` matches any run of characters, into
 * a regular expression that matches whole strings.
 *
 * @param pattern The pattern.
 * @param options Whether `?` is a wildcard and whether case is ignored.
 * @returns The regular expression.
 */
export function wildcardRegExp(
  pattern: string,
  options: WildcardOptions = {},
): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\*?]/g, (char) => {
    if (char === "*") return ".*";
    if (char === "?" && options.question) return ".";
    return `\\${char}`;
  });
  return new RegExp(`^${source}$`, options.ignoreCase ? "is" : "s");
}

/**
 * Tells whether a value matches a wildcard pattern.
 *
 * @param pattern The pattern.
 * @param value The value.
 * @param options Whether `?` is a wildcard and whether case is ignored.
 * @returns Whether the whole value matches.
 */
export function matchesWildcard(
  pattern: string,
  value: string,
  options: WildcardOptions = {},
): boolean {
  return wildcardRegExp(pattern, options).test(value);
}
