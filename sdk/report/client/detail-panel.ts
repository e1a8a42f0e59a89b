/** The panel that shows one node: scores, cost, wall time, diff, meta log and transcript. */
import { formatDuration, formatValue } from "../format.js";
import { detailsElementId, type NodeDetails, type ReportData, type ReportNode } from "../report-types.js";
import { diffView } from "./diff-view.js";
import { type Child, el, lazyDetails } from "./dom.js";

function loadDetails(index: number): NodeDetails | null {
  const script = document.getElementById(detailsElementId(index));
  if (!script?.textContent) return null;
  try {
    return JSON.parse(script.textContent) as NodeDetails;
  } catch {
    return null;
  }
}

function statusBadge(node: ReportNode): HTMLElement {
  return el("span", { class: `badge ${node.status}` }, node.status);
}

function scoresTable(node: ReportNode): Child {
  if (node.scores.length === 0) return el("p", { class: "muted" }, "Not evaluated.");
  const splits = [...new Set(node.scores.map((s) => s.split))].sort(
    (a, b) => ["train", "val", "test"].indexOf(a) - ["train", "val", "test"].indexOf(b),
  );
  const tasks = [...new Set(node.scores.map((s) => s.task))].sort();
  const table = el(
    "table",
    { class: "scores" },
    el(
      "thead",
      {},
      el("tr", {}, el("th", {}, "task"), ...splits.map((split) => el("th", { class: "num" }, split))),
    ),
  );
  const body = el("tbody");
  for (const task of tasks) {
    const row = el("tr", {}, el("th", {}, task));
    for (const split of splits) {
      const s = node.scores.find((x) => x.task === task && x.split === split);
      row.append(
        el(
          "td",
          {
            class: "num",
            title: s ? `${s.stage} stage: ${s.evaluated} of ${s.total} instances evaluated` : "",
          },
          s ? formatValue(s.score, "score") : "—",
          s && s.evaluated < s.total ? el("small", {}, ` ${s.evaluated}/${s.total}`) : null,
        ),
      );
    }
    body.append(row);
  }
  table.append(body);
  return table;
}

function costTable(node: ReportNode): Child {
  if (node.costs.length === 0) return el("p", { class: "muted" }, "No model calls recorded.");
  const total = { calls: 0, input: 0, output: 0, usd: 0 };
  const body = el("tbody");
  for (const c of node.costs) {
    total.calls += c.calls;
    total.input += c.inputTokens;
    total.output += c.outputTokens;
    total.usd += c.costUsd;
    body.append(
      el(
        "tr",
        {},
        el("th", {}, c.role),
        el("td", { class: "num" }, c.calls),
        el("td", { class: "num" }, formatValue(c.inputTokens, "tokens")),
        el("td", { class: "num" }, formatValue(c.outputTokens, "tokens")),
        el("td", { class: "num" }, formatValue(c.costUsd, "usd")),
      ),
    );
  }
  if (node.costs.length > 1) {
    body.append(
      el(
        "tr",
        { class: "total" },
        el("th", {}, "total"),
        el("td", { class: "num" }, total.calls),
        el("td", { class: "num" }, formatValue(total.input, "tokens")),
        el("td", { class: "num" }, formatValue(total.output, "tokens")),
        el("td", { class: "num" }, formatValue(total.usd, "usd")),
      ),
    );
  }
  return el(
    "table",
    { class: "costs" },
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", {}, "role"),
        el("th", { class: "num" }, "calls"),
        el("th", { class: "num" }, "tokens in"),
        el("th", { class: "num" }, "tokens out"),
        el("th", { class: "num" }, "USD"),
      ),
    ),
    body,
  );
}

function transcriptView(details: NodeDetails): Child[] {
  const entries = details.transcript ?? [];
  const out: Child[] = [];
  if (details.transcriptNote) out.push(el("p", { class: "note" }, details.transcriptNote));
  entries.forEach((entry, i) => {
    const head: Child[] = [
      el("strong", {}, `call ${i + 1}`),
      ` · ${formatDuration(entry.latencyMs)}`,
      entry.response?.tokens ? ` · ${entry.response.tokens}` : "",
      entry.response?.costUsd != null ? ` · ${formatValue(entry.response.costUsd, "usd")}` : "",
      entry.error ? el("span", { class: "badge invalid" }, "error") : "",
    ];
    out.push(
      lazyDetails(head, () => {
        const body: Child[] = [];
        if (entry.system && i === 0) body.push(message("system", entry.system));
        if (entry.repeated > 0) {
          body.push(
            el("p", { class: "muted" }, `${entry.repeated} earlier messages, as in the previous call`),
          );
        }
        for (const m of entry.messages) body.push(message(m.role, m.text));
        if (entry.tools.length > 0 && i === 0)
          body.push(el("p", { class: "muted" }, `tools: ${entry.tools.join(", ")}`));
        if (entry.response) {
          body.push(
            message(
              "response",
              [entry.response.text, ...entry.response.toolCalls.map((c) => `→ ${c}`)]
                .filter(Boolean)
                .join("\n"),
            ),
          );
        }
        if (entry.error) body.push(message("error", entry.error));
        return body;
      }),
    );
  });
  return out;
}

function message(role: string, text: string): HTMLElement {
  return el(
    "div",
    { class: `message ${role.split(" ")[0]}` },
    el("div", { class: "role" }, role),
    el("pre", {}, text || "(empty)"),
  );
}

export interface DetailPanelHooks {
  select(index: number): void;
}

export function renderDetail(
  panel: HTMLElement,
  data: ReportData,
  index: number,
  hooks: DetailPanelHooks,
): void {
  const nodes = data.tree.nodes;
  const node = nodes[index];
  if (!node) return;
  const parent = node.parent >= 0 ? nodes[node.parent] : undefined;
  const nodeLink = (i: number) =>
    el("button", { class: "link", onclick: () => hooks.select(i) }, nodes[i]?.id ?? "?");
  const delta = node.score !== null && parent?.score != null ? node.score - parent.score : null;
  const metaMs = node.metaMs ?? 0;
  const evalMs = node.evalMs ?? 0;

  const header = el(
    "div",
    { class: "detail-head" },
    el("h3", {}, node.id),
    statusBadge(node),
    node.id === data.bestNodeId ? el("span", { class: "badge best" }, "best") : null,
  );
  const facts = el(
    "dl",
    { class: "facts" },
    el("dt", {}, "score"),
    el(
      "dd",
      {},
      el("strong", {}, formatValue(node.score, "score")),
      delta !== null
        ? el(
            "span",
            { class: delta >= 0 ? "up" : "down" },
            ` ${delta >= 0 ? "+" : "−"}${Math.abs(delta).toFixed(3)} vs parent`,
          )
        : null,
    ),
    el("dt", {}, "generation"),
    el("dd", {}, node.generation),
    el("dt", {}, "parent"),
    el("dd", {}, parent ? nodeLink(node.parent) : "— (root)"),
    el("dt", {}, "children"),
    el("dd", {}, node.children),
    node.createdBy && node.createdBy !== parent?.id ? el("dt", {}, "meta agent of") : null,
    node.createdBy && node.createdBy !== parent?.id ? el("dd", {}, node.createdBy) : null,
    el("dt", {}, "diff"),
    el("dd", {}, node.diffLines === null ? "—" : `${node.diffLines} changed lines`),
    el("dt", {}, "wall time"),
    el(
      "dd",
      {},
      node.metaMs === null && node.evalMs === null
        ? "—"
        : `${formatDuration(metaMs + evalMs)} (meta ${formatDuration(metaMs)}, eval ${formatDuration(evalMs)})`,
    ),
  );
  const parts: Child[] = [header];
  if (node.status === "invalid") {
    parts.push(
      el(
        "div",
        { class: "reject" },
        el("strong", {}, `Rejected at ${node.rejectStage ?? "?"}`),
        el("div", {}, node.rejectReason ?? ""),
        node.duplicateOf ? el("div", {}, "duplicate of ", el("code", {}, node.duplicateOf)) : null,
      ),
    );
  }
  parts.push(facts);
  if (node.summary) parts.push(el("blockquote", { class: "summary" }, node.summary));
  parts.push(el("h4", {}, "Scores"), scoresTable(node), el("h4", {}, "Cost"), costTable(node));

  const details = loadDetails(index);
  parts.push(el("h4", {}, "Diff from parent"));
  if (details?.diffNote) parts.push(el("p", { class: "note" }, details.diffNote));
  if (details?.diff) parts.push(diffView(details.diff));
  else
    parts.push(
      el("p", { class: "muted" }, parent ? "No diff recorded." : "The initial program (no parent)."),
    );
  if (details?.metaLog) {
    parts.push(
      lazyDetails([el("strong", {}, "Meta log"), ` · ${details.metaLog.split("\n").length} lines`], () => [
        details.metaLogNote ? el("p", { class: "note" }, details.metaLogNote) : null,
        el("pre", { class: "log" }, details.metaLog),
      ]),
    );
  }
  if (details?.transcript) {
    parts.push(
      lazyDetails(
        [el("strong", {}, "Meta agent transcript"), ` · ${details.transcript.length} model calls`],
        () => transcriptView(details),
      ),
    );
  }
  panel.replaceChildren(...parts.filter((part): part is Node => part instanceof Node));
  panel.scrollTop = 0;
}
