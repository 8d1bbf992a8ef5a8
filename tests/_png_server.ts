/**
 * A test double for an OSS origin, for the HTML page's browser tests only: it
 * serves a small PNG for image keys and a short text body for anything else,
 * and honours the `response-content-disposition` and `response-content-type`
 * query parameters the way OSS does. It checks no signature: the end-to-end
 * test against the emulator does that.
 *
 * @module
 */
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xFFFFFFFF;
  for (const byte of bytes) {
    c = (CRC_TABLE[(c ^ byte) & 0xFF] ?? 0) ^ (c >>> 8);
  }
  return (c ^ 0xFFFFFFFF) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encodes a `width`×`height` RGB PNG with a diagonal gradient between two
 * colours derived from `seed`, so different keys get different thumbnails.
 */
export function gradientPng(
  width: number,
  height: number,
  seed = 0,
): Uint8Array<ArrayBuffer> {
  const hue = (seed * 47) % 360;
  const [r0, g0, b0] = hsl(hue, 0.55, 0.62);
  const [r1, g1, b1] = hsl((hue + 50) % 360, 0.6, 0.38);
  const raw = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      raw.set([
        Math.round(r0 + (r1 - r0) * t),
        Math.round(g0 + (g1 - g0) * t),
        Math.round(b0 + (b1 - b0) * t),
      ], row + 1 + x * 3);
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array()),
  ];
  const png = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    png.set(part, offset);
    offset += part.length;
  }
  return png;
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

const IMAGE_PATH = /\.(?:jpe?g|png|gif|webp)$/i;

/** A running test origin; `close()` stops it. */
export interface PngServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly origin: string;
  /** The request paths (with query) served so far, in order. */
  readonly requests: readonly string[];
  /** Stops the server and waits for it. */
  close(): Promise<void>;
}

/** Starts the test origin on 127.0.0.1 at a free port. */
export function startPngServer(): PngServer {
  const requests: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (request) => {
      const url = new URL(request.url);
      requests.push(`${url.pathname}${url.search}`);
      if (url.pathname === "/favicon.ico") {
        return new Response(null, { status: 404 });
      }
      const headers = new Headers({ "cache-control": "no-store" });
      const key = decodeURIComponent(url.pathname.slice(1));
      let body: Uint8Array<ArrayBuffer> | string;
      if (IMAGE_PATH.test(key)) {
        body = gradientPng(160, 120, [...key].length);
        headers.set("content-type", "image/png");
      } else {
        body = `Test object ${key}\n`;
        headers.set("content-type", "text/plain; charset=utf-8");
      }
      const type = url.searchParams.get("response-content-type");
      if (type !== null) headers.set("content-type", type);
      const disposition = url.searchParams.get("response-content-disposition");
      if (disposition !== null) headers.set("content-disposition", disposition);
      return new Response(request.method === "HEAD" ? null : body, { headers });
    },
  );
  const { port } = server.addr;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => server.shutdown(),
  };
}
