/**
 * Help text made from the command specs: a command's usage, description
 * and aligned flag table, and the top-level command list, wrapped at 80
 * columns.
 *
 * @module
 */
import {
  type CommandSpec,
  type FlagDef,
  HELP_FLAG,
  valueName,
} from "./spec.ts";

/** The widest line of the help. */
export const HELP_WIDTH = 80;

/** The widest label column; a longer label puts its text on the next line. */
const MAX_LABEL = 34;

/** The widest command in the top-level list's label column. */
const MAX_COMMAND_LABEL = 28;

/** Columns of a string as a terminal shows it (one per code point). */
function columns(text: string): number {
  return [...text].length;
}

/**
 * Fills words into lines of at most `width` columns.
 *
 * @param text The text; runs of white space are one space.
 * @param width The widest line.
 * @returns The lines.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((word) => word !== "")) {
    if (line !== "" && columns(line) + 1 + columns(word) > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/**
 * Reflows paragraphs: lines that start with a space stay as written, runs
 * of other lines are filled to the width.
 */
function reflow(text: string): string {
  return text.split("\n\n").map((paragraph) => {
    const out: string[] = [];
    let run: string[] = [];
    const flush = () => {
      if (run.length > 0) out.push(...wrapWords(run.join(" "), HELP_WIDTH));
      run = [];
    };
    for (const line of paragraph.split("\n")) {
      if (line.startsWith(" ")) {
        flush();
        out.push(line);
      } else run.push(line);
    }
    flush();
    return out.join("\n");
  }).join("\n\n");
}

/** The width of the label column: the widest label that fits. */
function labelColumn(labels: readonly string[], max = MAX_LABEL): number {
  return Math.max(0, ...labels.map(columns).filter((width) => width <= max));
}

/**
 * Lays out rows of a label and a text: labels in a column, texts wrapped
 * beside them.
 */
function table(
  rows: readonly (readonly [string, string])[],
  labelWidth = labelColumn(rows.map(([label]) => label)),
): string {
  const indent = " ".repeat(2 + labelWidth + 2);
  const textWidth = HELP_WIDTH - indent.length;
  return rows.map(([label, text]) => {
    const lines = wrapWords(text, textWidth);
    const head = `  ${label}`;
    if (columns(label) > labelWidth) {
      return [head, ...lines.map((line) => indent + line)].join("\n") + "\n";
    }
    const first = head + " ".repeat(indent.length - columns(head)) +
      (lines[0] ?? "");
    return [first, ...lines.slice(1).map((line) => indent + line)].join(
      "\n",
    ) + "\n";
  }).join("");
}

/**
 * A flag as the help shows it: `--out FILE`, `-h, --help`.
 *
 * @param flag The flag.
 * @returns The label.
 */
export function flagLabel(flag: FlagDef): string {
  const name = flag === HELP_FLAG ? "-h, --help" : `--${flag.name}`;
  const value = valueName(flag);
  return value === undefined ? name : `${name} ${value}`;
}

/**
 * A flag's help text with its default.
 *
 * @param flag The flag.
 * @returns The text.
 */
export function flagText(flag: FlagDef): string {
  return flag.default === undefined
    ? flag.help
    : `${flag.help} (default ${flag.default})`;
}

/**
 * A command's help: usage, description, and its flags by section, `-h,
 * --help` closing the first.
 *
 * @param spec The command.
 * @returns The help text, ending in a newline.
 */
export function commandHelp(spec: CommandSpec): string {
  const width = labelColumn(
    [...spec.sections.flatMap((section) => section.flags), HELP_FLAG].map(
      flagLabel,
    ),
  );
  const sections = spec.sections.map((section, index) =>
    `${section.title}:\n${
      table(
        (index === 0 ? [...section.flags, HELP_FLAG] : section.flags).map((
          flag,
        ) => [flagLabel(flag), flagText(flag)] as const),
        width,
      )
    }`
  );
  const usage = wrapWords(
    `Usage: osslinks ${spec.name} ${spec.operands}`,
    HELP_WIDTH,
  ).join("\n");
  return [
    `${usage}\n`,
    `${reflow(spec.description)}\n`,
    sections.join(""),
    ...(spec.epilogue === undefined ? [] : [`${reflow(spec.epilogue)}\n`]),
  ].join("\n");
}

/**
 * The top-level help's command list: each command with its operands (but
 * a closing `[flags]`) and summary.
 *
 * @param specs The commands.
 * @returns The lines, ending in a newline.
 */
export function commandList(specs: readonly CommandSpec[]): string {
  const rows = specs.map((spec) =>
    [commandSynopsis(spec), spec.summary] as const
  );
  return table(
    rows,
    labelColumn(rows.map(([label]) => label), MAX_COMMAND_LABEL),
  );
}

/**
 * A command with its operands, without a closing `[flags]`: `sign
 * <manifest|->`.
 *
 * @param spec The command.
 * @returns The synopsis.
 */
export function commandSynopsis(spec: CommandSpec): string {
  return `${spec.name} ${spec.operands.replace(/\s*\[flags\]$/, "")}`.trim();
}
