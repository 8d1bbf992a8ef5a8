/**
 * Reads a `sign` output back with parsers we did not write, streaming, so
 * that a million links' JSON (past V8's longest string) and CSV can be
 * checked to parse: @streamparser/json for JSON, csv-parse for CSV.
 *
 * @module
 */
import { JSONParser } from "npm:@streamparser/json@0.0.22";
import { parse } from "npm:csv-parse@5.6.0";

/**
 * Parses a JSON output and counts the elements of its `links` array.
 *
 * @param path The file.
 * @returns How many links it holds.
 * @throws {Error} When it is not one whole JSON document.
 */
async function jsonLinks(path: string): Promise<number> {
  const parser = new JSONParser({ paths: ["$.links.*"], keepStack: false });
  let links = 0;
  let ended = false;
  parser.onValue = () => links++;
  parser.onEnd = () => ended = true;
  using file = await Deno.open(path);
  for await (const chunk of file.readable) parser.write(chunk);
  if (!ended) throw new Error(`${path}: the JSON document does not end`);
  return links;
}

/**
 * Parses a CSV output and counts its rows after the header.
 *
 * @param path The file.
 * @returns How many links it holds.
 * @throws {Error} When a row is not valid CSV or has another column count.
 */
async function csvLinks(path: string): Promise<number> {
  // csv-parse throws on a row whose column count differs from the first's.
  const parser = parse({});
  let rows = 0;
  const counted = (async () => {
    for await (const _ of parser) rows++;
  })();
  using file = await Deno.open(path);
  for await (const chunk of file.readable) {
    if (!parser.write(chunk)) {
      await new Promise((resolve) => parser.once("drain", resolve));
    }
  }
  parser.end();
  await counted;
  return rows - 1;
}

/**
 * How many links a `sign --format json|csv` output holds, as an
 * independent parser reads it.
 *
 * @param format `json` or `csv`.
 * @param path The file.
 * @returns The number of links.
 */
export function parsedLinks(
  format: "json" | "csv",
  path: string,
): Promise<number> {
  return format === "json" ? jsonLinks(path) : csvLinks(path);
}
