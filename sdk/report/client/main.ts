/** The report page's entry point: parse the embedded data, draw the sections, wire the tree. */

import { formatValue } from "../format.js";
import type { ReportData } from "../report-types.js";
import { GRADIENT_CSS, scoreScale } from "./colour.js";
import { renderDetail } from "./detail-panel.js";
import { el } from "./dom.js";
import { configurationsTable, costSection, header, headlineCards, progressSection } from "./sections.js";
import { treeView } from "./tree-view.js";

function treeSection(data: ReportData): { section: HTMLElement; draw(): void } {
  const scale = scoreScale(data.tree.scoreMin, data.tree.scoreMax);
  const nodes = data.tree.nodes;
  const panel = el(
    "aside",
    { class: "detail" },
    el("p", { class: "muted" }, "Click a node to see its scores, cost, diff, meta log and transcript."),
  );
  const select = (index: number, reveal = false) => {
    tree.select(index, reveal);
    renderDetail(panel, data, index, { select: (i) => select(i, true) });
    const id = nodes[index]?.id;
    if (id && location.hash !== `#${id}`) history.replaceState(null, "", `#${id}`);
  };
  const tree = treeView(data, scale, (index) => select(index));

  const search = el("input", {
    class: "search",
    attrs: { type: "search", placeholder: "go to node (e.g. g12c3)", "aria-label": "go to node" },
  });
  const message = el("span", { class: "search-msg" });
  search.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const query = search.value.trim().toLowerCase();
    const index = nodes.findIndex((node) => node.id.toLowerCase() === query);
    const fallback = index >= 0 ? index : nodes.findIndex((node) => node.id.toLowerCase().startsWith(query));
    message.textContent = fallback >= 0 ? "" : `no node ${search.value}`;
    if (fallback >= 0) select(fallback, true);
  });
  const bestIndex = nodes.findIndex((node) => node.id === data.bestNodeId);
  const invalid = nodes.filter((node) => node.status === "invalid").length;
  const toolbar = el(
    "div",
    { class: "toolbar" },
    search,
    message,
    el("button", { onclick: () => tree.fit() }, "Fit"),
    bestIndex >= 0 ? el("button", { onclick: () => select(bestIndex, true) }, "Best node") : null,
    el(
      "span",
      { class: "legend-scale" },
      el("span", {}, formatValue(scale.min, "score")),
      el("span", { class: "gradient", attrs: { style: `background:${GRADIENT_CSS}` } }),
      el("span", {}, formatValue(scale.max, "score")),
    ),
    el("span", { class: "legend-item" }, el("span", { class: "dot invalid" }), `invalid (${invalid})`),
    el("span", { class: "legend-item" }, el("span", { class: "dot best" }), "best lineage"),
    el("span", { class: "legend-item" }, el("span", { class: "dot selected" }), "selected"),
  );
  const section = el(
    "section",
    {},
    el(
      "h2",
      {},
      "Archive tree",
      el("span", { class: "count" }, `${nodes.length.toLocaleString("en")} nodes`),
    ),
    toolbar,
    el("div", { class: "tree-layout" }, tree.element, panel),
  );
  return {
    section,
    draw() {
      tree.draw();
      // Node details sit after this script in the page: select once the parser has reached them.
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initial);
      else initial();
    },
  };
  function initial(): void {
    const fromHash = decodeURIComponent(location.hash.slice(1));
    const start = nodes.findIndex((node) => node.id === fromHash);
    if (start >= 0) select(start, true);
    else if (bestIndex >= 0) select(bestIndex);
  }
}

function main(): void {
  const app = document.getElementById("app");
  const blob = document.getElementById("report-data");
  if (!app || !blob?.textContent) return;
  const data = JSON.parse(blob.textContent) as ReportData;
  const tree = treeSection(data);
  app.replaceChildren(
    header(data),
    headlineCards(data),
    tree.section,
    progressSection(data),
    ...[configurationsTable(data)].filter((x): x is HTMLElement => x !== null),
    costSection(data),
    el("footer", {}, `Generated ${data.generatedAt} by hyperagents · report format ${data.version}`),
  );
  tree.draw();
  performance.mark("report-tree-drawn");
  document.documentElement.dataset.treeDrawn = "true";
}

main();
