/** The report page: one self-contained HTML file (inline style, script and data; no network). */
import type { ClientAssets } from "./client-bundle.js";
import { escapeHtml, jsonForScript } from "./embed-json.js";
import { detailsElementId, type NodeDetails, type ReportData } from "./report-types.js";

/**
 * The main data blob comes first, then the page script, then one JSON element per node with its
 * diff, log and transcript: the page paints before the browser has even parsed those, and each is
 * parsed only when its node is opened.
 */
export function renderHtml(data: ReportData, details: readonly NodeDetails[], assets: ClientAssets): string {
  const parts = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${data.run.label} · hyperagents report`)}</title>`,
    `<style>${assets.style}</style>`,
    "</head><body>",
    '<div id="app"><p class="loading">Loading report…</p></div>',
    `<script type="application/json" id="report-data">${jsonForScript(data)}</script>`,
    `<script>${assets.script}</script>`,
  ];
  details.forEach((detail, i) => {
    parts.push(
      `<script type="application/json" id="${detailsElementId(i)}">${jsonForScript(detail)}</script>`,
    );
  });
  parts.push("</body></html>\n");
  return parts.join("\n");
}
