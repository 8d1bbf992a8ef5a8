/**
 * A share page's worth of realistic links for the layout tests and the
 * README screenshot (docs/make_screenshot.ts).
 *
 * @module
 */
import type { SignedBatch, SignedLink } from "../src/link.ts";
import { sampleLink, SIGNED_AT } from "./_output_sample.ts";

/** An origin nothing listens on: its previews fail and show their alt text. */
export const DEAD_ORIGIN = "http://127.0.0.1:9";

/**
 * 30 links as people share them: long report paths, CJK and emoji names,
 * photos with a style (two of them on a dead origin), PDFs and downloads
 * with a filename of their own.
 */
export function realisticBatch(origin: string): SignedBatch {
  const links: SignedLink[] = [];
  const add = (
    key: string,
    kind: "photo" | "inline" | "attachment",
    extra: { id?: string; filename?: string; dead?: boolean } = {},
  ) => {
    const index = links.length;
    links.push(
      sampleLink(extra.dead === true ? DEAD_ORIGIN : origin, {
        key,
        ...(extra.id !== undefined ? { id: extra.id } : {}),
        seconds: 1800 + index * 900,
        disposition: kind === "attachment" ? "attachment" : "inline",
        ...(extra.filename !== undefined ? { filename: extra.filename } : {}),
        ...(kind === "photo" ? { process: "style/thumb" } : {}),
      }),
    );
  };
  add(
    "reports/2026/Q3 quarterly financial report - consolidated statements (final, board approved).pdf",
    "attachment",
  );
  add(
    "reports/2026/2026年第三季度财务报告（合并报表）最终版.pdf",
    "attachment",
    {
      filename: "2026年第三季度财务报告（合并报表）最终版.pdf",
    },
  );
  add(
    "photos/2026/team-offsite/hangzhou-west-lake-sunrise-panorama-0001.jpg",
    "photo",
  );
  add("photos/2026/猫咪 🐈 和 🐕 狗狗/客厅里的午后阳光.png", "photo", {
    id: "客厅-猫咪",
  });
  add(
    "customer-deliveries/acme-corporation-international/2026-11-28/contract-amendment-no-7-signed-by-both-parties.pdf",
    "inline",
  );
  add(
    "video/product-launch/keynote-full-length-4k-hdr-with-subtitles.mp4",
    "inline",
  );
  add(
    "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/deeply-nested.txt",
    "attachment",
  );
  add("datasets/" + "sensor-readings-".repeat(8) + "export.csv", "attachment", {
    filename: "sensor readings export (all stations, all months).csv",
  });
  add(
    "photos/2026/🎉🎊🎈 party 🥳 night/IMG_20261128_235959_HDR_portrait_mode.jpg",
    "photo",
  );
  add(
    "设计稿/移动端/首页改版/第二轮评审/高保真原型图-最终确认版本.png",
    "photo",
    {
      dead: true,
    },
  );
  add(
    "invoices/2026/11/INV-2026-11-000123456789-ACME-INTERNATIONAL-HOLDINGS.pdf",
    "inline",
    {
      id: "invoice-000123456789",
    },
  );
  add(
    "legal/NDA – mutual non-disclosure agreement (English & 中文 bilingual).docx",
    "attachment",
  );
  add(
    "backups/db/postgres-production-primary-2026-11-28T09-00-00Z.sql.gz",
    "attachment",
  );
  add(
    "photos/2026/products/sku-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-front.webp",
    "photo",
  );
  add("README.md", "inline");
  add("manuals/用户手册_v3.2_简体中文_完整版_含附录与索引.pdf", "inline");
  add(
    "audio/podcast/episode-142-the-one-where-we-talk-about-object-storage.mp3",
    "inline",
  );
  add(
    "photos/2026/screenshots/Screenshot 2026-11-28 at 09.41.17 (2).png",
    "photo",
    {
      dead: true,
    },
  );
  add("exports/" + "x".repeat(140) + ".zip", "attachment");
  add(
    "reports/2026/月度运营报告/十一月/各区域销售数据汇总与同比环比分析.xlsx",
    "attachment",
    {
      filename: "十一月销售数据汇总.xlsx",
    },
  );
  add("photos/2026/家族旅行 👨‍👩‍👧‍👦/京都/金閣寺の紅葉.jpg", "photo");
  add(
    "slides/conference-2026/talk-signed-urls-for-fun-and-profit.key",
    "attachment",
  );
  add("tmp/a.txt", "attachment");
  add("photos/2026/brand/logo-horizontal-dark-background@2x.png", "photo");
  add(
    "reports/2026/Q4 forecast draft – DO NOT DISTRIBUTE – v0.9.7-rc.3.pdf",
    "inline",
  );
  add("공유/문서/2026년 사업계획서 최종본.hwp", "attachment");
  add(
    "fonts/NotoSansCJKsc-Regular-with-a-very-long-descriptive-name.otf",
    "attachment",
  );
  add("photos/2026/drone/DJI_0001_0002_0003_0004_0005_0006_0007.jpg", "photo");
  add("archive/2019/old-site-backup.tar.gz", "attachment", {
    filename: "old site backup (2019).tar.gz",
  });
  add(
    "emoji/🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥.txt",
    "attachment",
  );
  return {
    version: 1,
    bucket: "acme-shared-deliveries",
    signedAt: SIGNED_AT,
    links,
  };
}
