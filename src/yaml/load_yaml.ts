/**
 * YAML to a plain value, with positions for any path on demand.
 *
 * The parse runs once, as js-yaml's flat event stream with source offsets.
 * The value is built from the events at js-yaml's own speed; the path →
 * position index is built from the same events only when a finding needs a
 * position, so a clean manifest never pays for it.
 *
 * @module
 */
import {
  constructFromEvents,
  CORE_SCHEMA,
  type Event,
  EVENT_ID,
  getScalarValue,
  parseEvents,
  SCALAR_STYLE,
  type ScalarEvent,
  YAMLException,
} from "npm:js-yaml@5.5.0";
import type { Range } from "../diagnostic.ts";
import { LineIndex } from "./line_index.ts";

/** A path into a YAML value: mapping keys and sequence indexes. */
export type YamlPath = readonly PropertyKey[];

/**
 * Finds the source range of a path. For a path that does not exist (a
 * missing key), it returns the deepest part that does.
 */
export type Locate = (path: YamlPath, target?: "key" | "value") => Range;

/** A parsed YAML document that can tell where any of its parts came from. */
export interface YamlDocument {
  /** The plain value (objects, arrays, strings, numbers, booleans, null). */
  readonly value: unknown;
  /** The line index of the source, for code frames. */
  readonly lines: LineIndex;
  /**
   * Finds the source range of a path. For a path that does not exist (a
   * missing key), it returns the deepest part that does.
   *
   * @param path The path.
   * @param target `"key"` for the mapping key of the last segment, `"value"`
   *   (the default) for its value.
   */
  locate(path: YamlPath, target?: "key" | "value"): Range;
  /**
   * The comments whose text holds `marker`, in source order. A `#` inside
   * a quoted or block scalar is no comment.
   *
   * @param marker The text to look for.
   */
  comments(marker: string): readonly YamlComment[];
  /**
   * The path of the outermost mapping entry (by its key) or sequence item
   * that starts on a line, if one does.
   *
   * @param line The 1-based line.
   */
  nodeOnLine(line: number): YamlPath | undefined;
}

/** A comment of the source. */
export interface YamlComment {
  /** The 0-based UTF-16 offset of its `#`. */
  readonly offset: number;
  /** Its text, from the `#` to the end of the line. */
  readonly text: string;
  /** The 1-based line. */
  readonly line: number;
  /** Whether nothing but blanks stands before it on its line. */
  readonly ownLine: boolean;
}

/** A YAML problem that stops the load, with where it is. */
export interface YamlProblem {
  /** The rule id: `yaml-syntax`, `yaml-empty`, `yaml-alias`. */
  readonly rule: string;
  /** What is wrong. */
  readonly message: string;
  /** Where. */
  readonly range: Range;
}

/** The outcome of {@linkcode loadYaml}. */
export type LoadYamlResult =
  | { readonly ok: true; readonly document: YamlDocument }
  | { readonly ok: false; readonly problem: YamlProblem };

/** Options of {@linkcode loadYaml}. */
export interface LoadYamlOptions {
  /**
   * The most nodes the value may have once aliases are expanded, on top of
   * twice the nodes written in the source.
   *
   * @default {100000}
   */
  readonly aliasExpansionAllowance?: number;
  /**
   * The deepest nesting of collections.
   *
   * @default {64}
   */
  readonly maxDepth?: number;
}

/**
 * The source span of a scalar: quotes included, a block scalar's content
 * without its indentation and final line breaks. An empty scalar spans its
 * tag or anchor; with neither, it has no span (`null`).
 */
function scalarSpan(
  source: string,
  event: ScalarEvent,
): [number, number] | null {
  if (event.valueStart < 0) {
    if (event.tagStart >= 0) return [event.tagStart, event.tagEnd];
    if (event.anchorStart >= 0) {
      return [event.anchorStart - 1, event.anchorEnd];
    }
    return null;
  }
  switch (event.style) {
    case SCALAR_STYLE.SINGLE_QUOTED:
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return [event.valueStart - 1, event.valueEnd + 1];
    case SCALAR_STYLE.LITERAL_BLOCK:
    case SCALAR_STYLE.FOLDED_BLOCK: {
      const text = source.slice(event.valueStart, event.valueEnd);
      const content = text.trim();
      if (content === "") return null;
      const start = event.valueStart + text.indexOf(content);
      return [start, start + content.length];
    }
    default:
      return [
        event.valueStart,
        Math.max(event.valueEnd, event.valueStart + 1),
      ];
  }
}

/**
 * The first character at or after `from` that is not blank, a comment or a
 * `:` (the end of the key before an empty value).
 */
function nextCharacter(source: string, from: number): [number, number] {
  const blank = /(?:[\s:]|#[^\n\r]*)*/y;
  blank.lastIndex = from;
  blank.exec(source);
  return [blank.lastIndex, blank.lastIndex + 1];
}

function nodeStart(source: string, event: Event): number {
  switch (event.type) {
    case EVENT_ID.SCALAR:
      return scalarSpan(source, event)?.[0] ?? 0;
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return event.anchorStart >= 0
        ? Math.min(event.anchorStart - 1, event.start)
        : event.start;
    case EVENT_ID.ALIAS:
      return event.anchorStart - 1;
    default:
      return 0;
  }
}

/** A mapping entry: the events of its key and its value. */
interface EntryEvents {
  readonly key: number;
  readonly value: number;
}

/**
 * Finds the events a path names, on demand. One pass records where each
 * collection's events end; a collection's children are listed the first
 * time a path goes through it, so a few findings in a large manifest cost
 * little more than none.
 */
class PathIndex {
  readonly #source: string;
  readonly #events: readonly Event[];
  /** For a collection's event, the index of its POP; else its own index. */
  readonly #ends: Int32Array;
  /** Anchor name → the events that define it, in order. */
  readonly #anchors = new Map<string, number[]>();
  readonly #entries = new Map<number, Map<string, EntryEvents>>();
  readonly #items = new Map<number, number[]>();

  constructor(source: string, events: readonly Event[]) {
    this.#source = source;
    this.#events = events;
    const ends = new Int32Array(events.length);
    const open: number[] = [];
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      ends[i] = i;
      if (event.type === EVENT_ID.POP) {
        const start = open.pop();
        if (start !== undefined) ends[start] = i;
        continue;
      }
      if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
        open.push(i);
      }
      if (event.type !== EVENT_ID.ALIAS && event.type !== EVENT_ID.DOCUMENT) {
        if (event.anchorStart < 0) continue;
        const name = source.slice(event.anchorStart, event.anchorEnd);
        const definitions = this.#anchors.get(name);
        if (definitions) definitions.push(i);
        else this.#anchors.set(name, [i]);
      }
    }
    this.#ends = ends;
  }

  /**
   * The source span of the node at the end of a path, or of the deepest
   * part of it that exists.
   */
  locate(path: YamlPath, target: "key" | "value"): [number, number] {
    let node = 1; // the document's node, after its DOCUMENT event
    let key = -1;
    for (const segment of path) {
      const container = this.#resolve(node);
      const type = this.#events[container]?.type;
      if (type === EVENT_ID.MAPPING) {
        const entry = this.#mapping(container).get(String(segment));
        if (entry === undefined) break;
        node = entry.value;
        key = entry.key;
      } else if (type === EVENT_ID.SEQUENCE && typeof segment === "number") {
        const item = this.#sequence(container)[segment];
        if (item === undefined) break;
        node = item;
        key = -1;
      } else break;
    }
    return target === "key" && key >= 0
      ? this.#span(key, -1)
      : this.#span(node, key);
  }

  /**
   * The path of the outermost mapping entry or sequence item whose source
   * starts on `line` (as `lineOf` tells the line of an offset). Looks into
   * one collection per level, by binary search over its children.
   */
  nodeOnLine(
    line: number,
    lineOf: (offset: number) => number,
  ): YamlPath | undefined {
    const path: PropertyKey[] = [];
    let node = 1;
    for (;;) {
      const type = this.#events[node]?.type;
      let children: { segment: PropertyKey; start: number; node: number }[];
      if (type === EVENT_ID.MAPPING) {
        children = [...this.#mapping(node)].map(([name, entry]) => ({
          segment: name,
          start: this.#span(entry.key, -1)[0],
          node: entry.value,
        }));
      } else if (type === EVENT_ID.SEQUENCE) {
        children = this.#sequence(node).map((item, index) => ({
          segment: index,
          start: this.#span(item, -1)[0],
          node: item,
        }));
      } else return undefined;
      // The last child that starts on or before the line.
      let low = 0;
      let high = children.length - 1;
      let found = -1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        if (lineOf(children[middle]!.start) <= line) {
          found = middle;
          low = middle + 1;
        } else high = middle - 1;
      }
      const child = children[found];
      if (child === undefined) return undefined;
      path.push(child.segment);
      if (lineOf(child.start) === line) return path;
      node = child.node;
    }
  }

  /** The spans of quoted and block scalars, where a `#` is no comment. */
  #scalarSpans: [number, number][] | undefined;

  /** Whether an offset is inside a quoted or block scalar. */
  inScalar(offset: number): boolean {
    if (this.#scalarSpans === undefined) {
      this.#scalarSpans = [];
      for (const event of this.#events) {
        if (event.type !== EVENT_ID.SCALAR || event.valueStart < 0) continue;
        if (
          event.style === SCALAR_STYLE.SINGLE_QUOTED ||
          event.style === SCALAR_STYLE.DOUBLE_QUOTED
        ) {
          this.#scalarSpans.push([event.valueStart - 1, event.valueEnd + 1]);
        } else if (
          event.style === SCALAR_STYLE.LITERAL_BLOCK ||
          event.style === SCALAR_STYLE.FOLDED_BLOCK
        ) {
          this.#scalarSpans.push([event.valueStart, event.valueEnd]);
        }
      }
    }
    const spans = this.#scalarSpans;
    let low = 0;
    let high = spans.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [start, end] = spans[middle]!;
      if (offset < start) high = middle - 1;
      else if (offset >= end) low = middle + 1;
      else return true;
    }
    return false;
  }

  /** The event an alias refers to (the latest definition before it). */
  #resolve(index: number): number {
    const event = this.#events[index];
    if (event?.type !== EVENT_ID.ALIAS) return index;
    const name = this.#source.slice(event.anchorStart, event.anchorEnd);
    const definitions = this.#anchors.get(name) ?? [];
    let target = -1;
    for (const definition of definitions) {
      if (definition < index) target = definition;
    }
    return target;
  }

  #mapping(index: number): Map<string, EntryEvents> {
    let entries = this.#entries.get(index);
    if (entries !== undefined) return entries;
    entries = new Map();
    const end = this.#ends[index]!;
    for (let key = index + 1; key < end;) {
      const value = this.#ends[key]! + 1;
      // A key that is not a scalar cannot be named by a path.
      const keyEvent = this.#events[this.#resolve(key)];
      if (keyEvent?.type === EVENT_ID.SCALAR) {
        entries.set(getScalarValue(this.#source, keyEvent), { key, value });
      }
      key = this.#ends[value]! + 1;
    }
    this.#entries.set(index, entries);
    return entries;
  }

  #sequence(index: number): number[] {
    let items = this.#items.get(index);
    if (items !== undefined) return items;
    items = [];
    const end = this.#ends[index]!;
    for (let item = index + 1; item < end; item = this.#ends[item]! + 1) {
      items.push(item);
    }
    this.#items.set(index, items);
    return items;
  }

  /**
   * The span of a node's event. An empty value points at its key (when it
   * has one), or at where its item starts.
   */
  #span(index: number, key: number): [number, number] {
    const event = this.#events[index]!;
    switch (event.type) {
      case EVENT_ID.SCALAR:
        return scalarSpan(this.#source, event) ??
          (key >= 0
            ? this.#span(key, -1)
            : nextCharacter(this.#source, this.#endBefore(index)));
      case EVENT_ID.ALIAS:
        return [event.anchorStart - 1, event.anchorEnd];
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const start = nodeStart(this.#source, event);
        return [start, start + 1];
      }
      default:
        return [0, 0];
    }
  }

  /** Where the last written token before an event ends. */
  #endBefore(index: number): number {
    for (let i = index - 1; i >= 0; i--) {
      const event = this.#events[i]!;
      switch (event.type) {
        case EVENT_ID.SCALAR: {
          const span = scalarSpan(this.#source, event);
          if (span !== null) return span[1];
          break;
        }
        case EVENT_ID.ALIAS:
          return event.anchorEnd;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE:
          return event.start;
      }
    }
    return 0;
  }
}

function problemAt(
  lines: LineIndex,
  rule: string,
  message: string,
  offset: number,
): LoadYamlResult {
  return {
    ok: false,
    problem: { rule, message, range: lines.range(offset, offset + 1) },
  };
}

/**
 * Checks that aliases expand to a bounded number of nodes and never refer
 * to a collection that contains them (a cycle).
 */
function checkAliases(
  source: string,
  events: readonly Event[],
  allowance: number,
): { message: string; offset: number } | null {
  const sizes = new Map<string, number>();
  const open: { anchor: string | null; size: number }[] = [];
  const limit = 2 * events.length + allowance;
  let total = 0;
  const add = (size: number) => {
    total += size;
    const top = open[open.length - 1];
    if (top) top.size += size;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.SCALAR:
        if (event.anchorStart >= 0) {
          sizes.set(source.slice(event.anchorStart, event.anchorEnd), 1);
        }
        add(1);
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        open.push({
          anchor: event.anchorStart >= 0
            ? source.slice(event.anchorStart, event.anchorEnd)
            : null,
          size: 1,
        });
        total += 1;
        break;
      case EVENT_ID.POP: {
        const frame = open.pop();
        if (frame === undefined) break;
        if (frame.anchor !== null) sizes.set(frame.anchor, frame.size);
        const parent = open[open.length - 1];
        if (parent) parent.size += frame.size;
        break;
      }
      case EVENT_ID.ALIAS: {
        const name = source.slice(event.anchorStart, event.anchorEnd);
        if (open.some((frame) => frame.anchor === name)) {
          return {
            message: `Cannot use alias "*${name}" inside the node it refers to`,
            offset: event.anchorStart - 1,
          };
        }
        add(sizes.get(name) ?? 1);
        if (total > limit) {
          return {
            message:
              `Cannot expand alias "*${name}": aliases expand the document to more than ${limit} nodes`,
            offset: event.anchorStart - 1,
          };
        }
        break;
      }
    }
  }
  return null;
}

/**
 * Loads one YAML document (YAML 1.2 core schema: no timestamps, no
 * `yes`/`no` booleans, no merge keys). Syntax errors, duplicate keys, several
 * documents, an empty file, cyclic aliases and alias bombs come back as a
 * problem with a position, never as an exception.
 *
 * @param source The YAML text, without a BOM.
 * @param options Limits.
 * @returns The document, or the problem that stopped the load.
 */
export function loadYaml(
  source: string,
  options: LoadYamlOptions = {},
): LoadYamlResult {
  const lines = new LineIndex(source);
  let events: Event[];
  try {
    events = parseEvents(source, { maxDepth: options.maxDepth ?? 64 });
  } catch (error) {
    return yamlError(lines, error);
  }
  let documents = 0;
  let aliases = false;
  for (let i = 0; i < events.length; i++) {
    const type = events[i]!.type;
    if (type === EVENT_ID.ALIAS) aliases = true;
    if (type !== EVENT_ID.DOCUMENT) continue;
    documents++;
    if (documents === 2) {
      const next = events[i + 1];
      return problemAt(
        lines,
        "yaml-syntax",
        "Cannot load several YAML documents: a manifest is one document",
        next ? nodeStart(source, next) : source.length,
      );
    }
  }
  const first = events[1];
  // "---" alone holds an empty plain scalar without position, tag or anchor.
  const blank = first?.type === EVENT_ID.SCALAR &&
    scalarSpan(source, first) === null;
  if (documents === 0 || first?.type === EVENT_ID.POP || blank) {
    return problemAt(lines, "yaml-empty", "The manifest is empty", 0);
  }
  // Cycles and bombs need aliases; most manifests have none.
  const aliasProblem = aliases && checkAliases(
    source,
    events,
    options.aliasExpansionAllowance ?? 100_000,
  );
  if (aliasProblem) {
    return problemAt(
      lines,
      "yaml-alias",
      aliasProblem.message,
      aliasProblem.offset,
    );
  }
  let value: unknown;
  try {
    value = constructFromEvents(events, { source, schema: CORE_SCHEMA })[0];
  } catch (error) {
    // js-yaml marks a complex key at offset 0: find the key itself.
    const complexKey = error instanceof YAMLException &&
        error.reason.includes("complex keys")
      ? complexKeyStart(source, events)
      : undefined;
    return yamlError(lines, error, complexKey);
  }
  let index: PathIndex | undefined;
  const locate = (path: YamlPath, target: "key" | "value" = "value") => {
    index ??= new PathIndex(source, events);
    const [start, end] = index.locate(path, target);
    return lines.range(start, end);
  };
  const comments = (marker: string): YamlComment[] => {
    const found: YamlComment[] = [];
    let lastLine = 0;
    for (
      let at = source.indexOf(marker);
      at >= 0;
      at = source.indexOf(marker, at + marker.length)
    ) {
      const line = lines.position(at).line;
      if (line === lastLine) continue;
      const hash = commentStart(source, at, (offset) => {
        index ??= new PathIndex(source, events);
        return index.inScalar(offset);
      });
      if (hash === undefined) continue;
      lastLine = line;
      const text = lines.lineText(line);
      const column = lines.position(hash).column;
      found.push({
        offset: hash,
        text: [...text].slice(column - 1).join(""),
        line,
        ownLine: [...text].slice(0, column - 1).join("").trim() === "",
      });
    }
    return found;
  };
  const nodeOnLine = (line: number) => {
    index ??= new PathIndex(source, events);
    return index.nodeOnLine(line, (offset) => lines.position(offset).line);
  };
  return {
    ok: true,
    document: { value, lines, locate, comments, nodeOnLine },
  };
}

/**
 * The `#` that starts the comment holding the offset `at`, if it is in a
 * comment: the first `#` of its line, at the line's start or after a blank,
 * that is not inside a quoted or block scalar.
 */
function commentStart(
  source: string,
  at: number,
  inScalar: (offset: number) => boolean,
): number | undefined {
  const lineStart = Math.max(
    source.lastIndexOf("\n", at - 1),
    source.lastIndexOf("\r", at - 1),
  ) + 1;
  for (
    let hash = source.indexOf("#", lineStart);
    hash >= 0 && hash < at;
    hash = source.indexOf("#", hash + 1)
  ) {
    const before = source[hash - 1];
    if (hash > lineStart && before !== " " && before !== "\t") continue;
    if (!inScalar(hash)) return hash;
  }
  return undefined;
}

/**
 * The start of the first mapping key that is a list or a mapping, which a
 * plain-object value cannot hold.
 */
function complexKeyStart(
  source: string,
  events: readonly Event[],
): number | undefined {
  // Per open collection: is it a mapping, and is its next child a key?
  const open: { mapping: boolean; keyNext: boolean }[] = [];
  for (const event of events) {
    if (event.type === EVENT_ID.POP) {
      open.pop();
      continue;
    }
    const parent = open[open.length - 1];
    const isKey = parent !== undefined && parent.mapping && parent.keyNext;
    if (parent?.mapping) parent.keyNext = !parent.keyNext;
    if (event.type === EVENT_ID.DOCUMENT) {
      open.push({ mapping: false, keyNext: false });
    } else if (
      event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE
    ) {
      if (isKey) return nodeStart(source, event);
      open.push({ mapping: event.type === EVENT_ID.MAPPING, keyNext: true });
    }
  }
  return undefined;
}

function yamlError(
  lines: LineIndex,
  error: unknown,
  at?: number,
): LoadYamlResult {
  if (!(error instanceof YAMLException)) throw error;
  const offset = at ?? error.mark?.position ?? 0;
  // js-yaml names its option; say what it means.
  const reason = error.reason.replace(
    /^nesting exceeded maxDepth \((\d+)\)$/,
    "collections nest deeper than $1 levels",
  );
  return problemAt(
    lines,
    "yaml-syntax",
    `Cannot parse YAML: ${reason}`,
    offset,
  );
}
