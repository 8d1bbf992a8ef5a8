/**
 * A tiny XML writer for the emulator's OSS-shaped response bodies.
 *
 * @module
 */

const XML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/**
 * Escapes text for an XML element or attribute.
 *
 * @param text Any text.
 * @returns The text with `& < > " '` escaped.
 */
function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

/**
 * Renders an element holding text: `<name>text</name>`.
 *
 * @param name The element name.
 * @param value The text; numbers and booleans are written as is.
 * @returns The rendered element.
 */
export function xmlText(
  name: string,
  value: string | number | boolean,
): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * Renders an element holding other elements, one per line.
 *
 * @param name The element name.
 * @param children Rendered child elements; `undefined` entries are skipped.
 * @returns The rendered element.
 */
export function xmlNode(
  name: string,
  children: readonly (string | undefined)[],
): string {
  const inner = children.filter((child) => child !== undefined).join("\n");
  return inner === "" ? `<${name}/>` : `<${name}>\n${inner}\n</${name}>`;
}

/**
 * Prefixes a rendered root element with the XML declaration OSS sends.
 *
 * @param root The rendered root element.
 * @returns The document, LF-terminated.
 */
export function xmlDocument(root: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

/**
 * Builds a 200 response with an XML document body.
 *
 * @param root The rendered root element.
 * @returns The response, `Content-Type: application/xml`.
 */
export function xmlResponse(root: string): Response {
  return new Response(xmlDocument(root), {
    headers: { "content-type": "application/xml" },
  });
}
