/**
 * A large manifest for the benchmarks: entries as varied as
 * links.example.yaml's (keys with spaces and Chinese, dispositions, styles,
 * processing, expiries, filenames, response overrides, versions), built
 * from the index alone so that every run measures the same text.
 *
 * @module
 */

const HEADER = `# yaml-language-server: $schema=./links.schema.json
version: 1
bucket:
  name: examplebucket
  region: cn-hangzhou
  domain: static.example.com
access:
  origins: [https://app.example.com]
  methods: [GET, HEAD]
  headers: [Range]
  expose: [Content-Disposition]
styles: [thumb, watermark]
defaults:
  expires: 30m
  disposition: attachment
objects:
`;

function entry(index: number): string {
  const n = String(index).padStart(6, "0");
  switch (index % 8) {
    case 0:
      return `  - key: photos/2026/IMG_${n}.jpg\n    disposition: inline\n    style: thumb\n    expires: 45m\n`;
    case 1:
      return `  - key: docs/file-${n}.txt\n    filename: download-${n}.txt # the name users see\n    disposition: attachment\n`;
    case 2:
      return `  - id: report-${n}\n    key: "reports/2026/Q3 报告 ${n}.pdf"\n    filename: 2026年第三季度报告-${n}.pdf\n    expires: 2h\n`;
    case 3:
      return `  - key: video/intro-${n}.mp4\n    disposition: inline\n    version: CAEQNhiBgMDJgZCA0BYiIDc4MGZjZGI2OTBj${n}\n`;
    case 4:
      return `  - key: photos/covers/cover ${n}.png\n    disposition: inline\n    process: image/resize,w_800/quality,q_90\n    trafficLimit: 8388608\n`;
    case 5:
      return `  - {key: "data/${n}.csv", response: {content-type: text/csv, cache-control: no-store}}\n`;
    case 6:
      return `  - key: 'archive/${n}/backup.tar.gz' # cold storage\n    expires: 2026-12-01T00:00:00Z\n    method: HEAD\n`;
    default:
      return `  # watermarked previews\n  - key: images/水印/${n}.jpg\n    style: watermark\n    expires: 1d\n`;
  }
}

/**
 * Builds a manifest with `count` object entries.
 *
 * @param count The number of entries.
 * @param faulty Every `faulty`-th entry gets an invalid expiry (0: none).
 * @returns The YAML text.
 */
export function largeManifest(count: number, faulty = 0): string {
  const parts = [HEADER];
  for (let index = 0; index < count; index++) {
    parts.push(
      faulty > 0 && index % faulty === faulty - 1
        ? `  - key: faulty/${index}.txt\n    expires: soon\n`
        : entry(index),
    );
  }
  return parts.join("");
}
