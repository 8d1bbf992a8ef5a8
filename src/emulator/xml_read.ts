/**
 * Reading the small XML bodies clients send (DeleteMultipleObjects,
 * CompleteMultipartUpload): the text of named elements, unescaped. Not a
 * general XML parser; a body it cannot read is `MalformedXML`.
 *
 * @module
 */
import { OssError } from "../oss/errors.ts";

const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function unescapeXml(text: string): string {
  return text.replace(
    /&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g,
    (entity, name: string) => {
      if (name.startsWith("#x")) {
        return String.fromCodePoint(parseInt(name.slice(2), 16));
      }
      if (name.startsWith("#")) {
        return String.fromCodePoint(parseInt(name.slice(1), 10));
      }
      return ENTITIES[name] ?? entity;
    },
  );
}

/**
 * The error for a body that is not the XML an operation expects.
 *
 * @param detail What is wrong.
 * @returns `MalformedXML` (400).
 */
export function malformedXml(detail: string): OssError {
  return new OssError(
    400,
    "MalformedXML",
    `The XML you provided was not well-formed or did not validate against our published schema: ${detail}.`,
  );
}

/**
 * The inner text (raw, not unescaped) of every `<name>` element.
 *
 * @param xml The XML text.
 * @param name The element name.
 * @returns The inner texts, in order.
 */
export function elementsOf(xml: string, name: string): string[] {
  const pattern = new RegExp(
    `<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`,
    "g",
  );
  return [...xml.matchAll(pattern)].map((match) => match[1] ?? "");
}

/**
 * The unescaped text of the first `<name>` element.
 *
 * @param xml The XML text.
 * @param name The element name.
 * @returns The text, or `undefined` when there is none.
 */
export function textOf(xml: string, name: string): string | undefined {
  const inner = elementsOf(xml, name)[0];
  return inner === undefined ? undefined : unescapeXml(inner);
}
