/**
 * The one inline script the HTML page may carry (with `live: true`): it shows
 * how long each link has left by the viewer's clock and marks expired rows.
 * It reads only the page's own `<time datetime>` values and writes only
 * `data-left`, a class and one status text, so it adds no way for a name or
 * URL to reach code. Its SHA-256 is the CSP's only `script-src` source.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** The script source, placed verbatim between `<script>` and `</script>`. */
export const LIVE_SCRIPT: string = `
(() => {
  const units = [[86400, "day"], [3600, "h"], [60, "min"]];
  const left = (ms) => {
    let rest = Math.floor(ms / 60000) * 60;
    if (rest < 60) return "under 1 min";
    const parts = [];
    for (const [size, unit] of units) {
      const count = Math.floor(rest / size);
      rest -= count * size;
      if (count > 0 && parts.length < 2) {
        parts.push(count + " " + unit + (unit === "day" && count !== 1 ? "s" : ""));
      }
    }
    return parts.join(" ");
  };
  const update = () => {
    const now = Date.now();
    const times = document.querySelectorAll("td.x > time");
    let expired = 0;
    for (const time of times) {
      const ms = Date.parse(time.dateTime) - now;
      const cell = time.parentElement;
      const text = ms > 0 ? "expires in " + left(ms) : "expired";
      if (cell.dataset.left !== text) cell.dataset.left = text;
      cell.parentElement.classList.toggle("dead", !(ms > 0));
      if (!(ms > 0)) expired++;
    }
    const status = document.getElementById("live");
    if (status) {
      status.textContent = expired === 0
        ? "all links live"
        : expired + " of " + times.length + " expired";
    }
  };
  update();
  setInterval(update, 30000);
})();
`;

/** The CSP source for {@linkcode LIVE_SCRIPT}: `'sha256-…'`. */
export const LIVE_SCRIPT_SOURCE: string = `'sha256-${
  createHash("sha256").update(LIVE_SCRIPT, "utf8").digest("base64")
}'`;
