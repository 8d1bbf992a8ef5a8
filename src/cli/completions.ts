/**
 * Shell completion scripts made from the command specs: bash, zsh and
 * fish complete the commands, each command's flags, the values of flags
 * with fixed choices, and paths for `FILE` and `DIR` values and for the
 * manifest operand.
 *
 * @module
 */
import { flagText } from "./help.ts";
import { type CommandSpec, type FlagDef, pathKind, specFlags } from "./spec.ts";

/** The shells `osslinks completions` writes a script for. */
export const COMPLETION_SHELLS = ["bash", "zsh", "fish"] as const;
/** One of {@linkcode COMPLETION_SHELLS}. */
export type CompletionShell = typeof COMPLETION_SHELLS[number];

/** The words after `osslinks` that are not commands of a spec. */
const HELP_WORD = "help";

/** Whether a command's operand is a path (`<manifest|->`, `--config FILE`). */
function takesPath(spec: CommandSpec): boolean {
  return spec.operands.startsWith("<manifest");
}

/** The first clause of a flag's help, for a one-line description. */
function shortText(text: string): string {
  return text.split(/[;(]/)[0]!.trim();
}

/** A word in single quotes for sh, zsh and fish. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A word in single quotes for fish (which escapes `'` and `\` inside). */
function fishQuoted(text: string): string {
  return `'${text.replace(/[\\']/g, (char) => `\\${char}`)}'`;
}

function bashScript(specs: readonly CommandSpec[]): string {
  const names = [...specs.map((spec) => spec.name), HELP_WORD];
  const values: string[] = [];
  const flags: string[] = [];
  for (const spec of specs) {
    for (const flag of specFlags(spec)) {
      if (flag.type === "boolean") continue;
      const kind = pathKind(flag);
      const reply = flag.choices !== undefined
        ? `COMPREPLY=($(compgen -W ${
          quoted(flag.choices.join(" "))
        } -- "$cur"))`
        : kind === "dir"
        ? `COMPREPLY=($(compgen -d -- "$cur"))`
        : kind === "file"
        ? `COMPREPLY=($(compgen -f -- "$cur"))`
        : "COMPREPLY=()";
      values.push(`    ${spec.name}:--${flag.name}) ${reply}; return ;;`);
    }
    const words = specFlags(spec).flatMap((flag) =>
      flag.name === "help" ? ["--help", "-h"] : [`--${flag.name}`]
    );
    flags.push(`    ${spec.name}) flags=${quoted(words.join(" "))} ;;`);
  }
  const pathCommands = specs.filter(takesPath).map((spec) => spec.name);
  return `# bash completion for osslinks; load it with
#   source <(osslinks completions bash)
_osslinks() {
  local cur prev cmd flags
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W ${quoted(names.join(" "))} -- "$cur"))
    return
  fi
  cmd="\${COMP_WORDS[1]}"
  case "$cmd:$prev" in
${values.join("\n")}
  esac
  case "$cmd" in
    ${HELP_WORD}) COMPREPLY=($(compgen -W ${
    quoted(specs.map((spec) => spec.name).join(" "))
  } -- "$cur")); return ;;
${flags.join("\n")}
    *) return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  else
    case "$cmd" in
      ${pathCommands.join("|")}) COMPREPLY=($(compgen -f -- "$cur")) ;;
      completions) COMPREPLY=($(compgen -W ${
    quoted(COMPLETION_SHELLS.join(" "))
  } -- "$cur")) ;;
    esac
  fi
}
complete -F _osslinks osslinks
`;
}

/** A flag as zsh's `_arguments` takes it. */
function zshFlag(flag: FlagDef): string {
  const text = shortText(flagText(flag)).replace(/[\[\]:\\]/g, "\\$&");
  if (flag.name === "help") return `'(-h --help)'{-h,--help}'[${text}]'`;
  const names = `--${flag.name}`;
  const repeat = flag.multiple ? "*" : "";
  if (flag.type === "boolean") return quoted(`${repeat}${names}[${text}]`);
  const kind = pathKind(flag);
  const action = flag.choices !== undefined
    ? `(${flag.choices.join(" ")})`
    : kind === "dir"
    ? "_files -/"
    : kind === "file"
    ? "_files"
    : " ";
  const message = (flag.value ?? flag.name).replace(/[:\\]/g, "\\$&");
  return quoted(`${repeat}${names}=[${text}]:${message}:${action}`);
}

function zshScript(specs: readonly CommandSpec[]): string {
  const commands = specs.map((spec) =>
    `    ${quoted(`${spec.name}:${spec.summary.replaceAll(":", "\\:")}`)}`
  );
  const cases = specs.map((spec) => {
    const operand = spec.name === "completions"
      ? ` ':shell:(${COMPLETION_SHELLS.join(" ")})'`
      : takesPath(spec)
      ? " ':manifest:_files'"
      : "";
    return `    ${spec.name})\n      _arguments -S \\\n        ${
      specFlags(spec).map(zshFlag).join(" \\\n        ")
    }${operand} ;;`;
  });
  return `#compdef osslinks
# zsh completion for osslinks; load it with
#   source <(osslinks completions zsh)
# or save it as _osslinks in a folder of $fpath.
_osslinks() {
  local -a commands
  commands=(
${commands.join("\n")}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands command commands
    compadd ${HELP_WORD}
    return
  fi
  local cmd=$words[2]
  shift words
  (( CURRENT-- ))
  case $cmd in
    ${HELP_WORD}) _describe -t commands command commands ;;
${cases.join("\n")}
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _osslinks "$@"
else
  compdef _osslinks osslinks
fi
`;
}

function fishScript(specs: readonly CommandSpec[]): string {
  const names = specs.map((spec) => spec.name);
  const lines = [
    "# fish completion for osslinks; load it with",
    "#   osslinks completions fish | source",
    "complete -c osslinks -f",
    ...specs.map((spec) =>
      `complete -c osslinks -n __fish_use_subcommand -a ${spec.name} -d ${
        fishQuoted(spec.summary)
      }`
    ),
    `complete -c osslinks -n __fish_use_subcommand -a ${HELP_WORD} -d 'Print a command\\'s help'`,
    `complete -c osslinks -n '__fish_seen_subcommand_from ${HELP_WORD}' -a ${
      fishQuoted(names.join(" "))
    }`,
  ];
  for (const spec of specs) {
    const when = `-n '__fish_seen_subcommand_from ${spec.name}'`;
    if (takesPath(spec)) lines.push(`complete -c osslinks ${when} -F`);
    if (spec.name === "completions") {
      lines.push(
        `complete -c osslinks ${when} -a ${
          fishQuoted(COMPLETION_SHELLS.join(" "))
        }`,
      );
    }
    for (const flag of specFlags(spec)) {
      const kind = pathKind(flag);
      const value = flag.type === "boolean"
        ? ""
        : flag.choices !== undefined
        ? ` -x -a ${fishQuoted(flag.choices.join(" "))}`
        : kind !== undefined
        ? " -r -F"
        : " -x";
      const short = flag.name === "help" ? " -s h" : "";
      lines.push(
        `complete -c osslinks ${when}${short} -l ${flag.name}${value} -d ${
          fishQuoted(shortText(flagText(flag)))
        }`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * A completion script for a shell.
 *
 * @param shell The shell.
 * @param specs The commands.
 * @returns The script.
 */
export function completionScript(
  shell: CompletionShell,
  specs: readonly CommandSpec[],
): string {
  switch (shell) {
    case "bash":
      return bashScript(specs);
    case "zsh":
      return zshScript(specs);
    case "fish":
      return fishScript(specs);
  }
}
