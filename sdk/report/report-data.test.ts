import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bestNode } from "../archive/archive.js";
import { RUN_CONFIG_VERSION, type RunConfig, writeRunConfig } from "../evolve/run-config.js";
import { openRunStore } from "../store/run-store.js";
import { createSyntheticRun } from "../testing/synthetic-run.js";
import { costByGeneration } from "./cost.js";
import { jsonForScript } from "./embed-json.js";
import { writeReport } from "./index.js";
import { loadRun } from "./load-run.js";
import { renderMarkdown } from "./markdown.js";
import { parseTranscript } from "./node-details.js";
import { progressByGeneration } from "./progress.js";
import { buildReportData } from "./report-data.js";
import { detailsElementId, type NodeDetails } from "./report-types.js";
import { layoutTree } from "./tree-layout.js";

const root = mkdtempSync(join(tmpdir(), "hyperagents-report-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function config(seed: number): RunConfig {
  return {
    schemaVersion: RUN_CONFIG_VERSION,
    tasks: ["t"],
    agentDir: "agents/offline",
    taskModel: "offline",
    metaModel: "offline",
    generations: 2,
    childrenPerGeneration: 2,
    parallel: 1,
    selection: "dgm-h",
    stageSize: 1,
    stageThreshold: 0,
    budgetUsd: null,
    seed,
    baseline: "none",
    editableSelection: false,
    limits: {
      meta: { timeoutMs: 1000, memoryMb: 64, maxToolCalls: 10 },
      task: { timeoutMs: 1000, memoryMb: 64, maxToolCalls: 10 },
    },
    createdAt: new Date(0).toISOString(),
  };
}

/** A hand-made run: initial 0.2; generation 1: 0.5 and an invalid child; generation 2: 0.4 and 0.9. */
function tinyRun(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeRunConfig(dir, config(7));
  const store = openRunStore(join(dir, "run.sqlite"));
  const valid = (id: string, score: number) =>
    store.finishNode(id, {
      status: "valid",
      score,
      scores: [{ nodeId: id, taskId: "t", split: "val", stage: "full", score, evaluated: 4, total: 4 }],
    });
  store.insertPendingNode({ id: "initial", parentId: null, generation: 0, slot: 0, createdBy: null });
  valid("initial", 0.2);
  store.insertPendingNode({ id: "g1c0", parentId: "initial", generation: 1, slot: 0, createdBy: "initial" });
  valid("g1c0", 0.5);
  store.insertPendingNode({ id: "g1c1", parentId: "initial", generation: 1, slot: 1, createdBy: "initial" });
  store.finishNode("g1c1", { status: "invalid", rejectStage: "compile", rejectReason: "bad export" });
  store.insertPendingNode({ id: "g2c0", parentId: "g1c0", generation: 2, slot: 0, createdBy: "g1c0" });
  valid("g2c0", 0.4);
  store.insertPendingNode({ id: "g2c1", parentId: "g1c0", generation: 2, slot: 1, createdBy: "g1c0" });
  valid("g2c1", 0.9);
  const call = (nodeId: string | null, role: string, costUsd: number, tokensIn: number, tokensOut: number) =>
    store.recordModelCall({
      nodeId,
      role,
      model: "m",
      inputTokens: tokensIn,
      outputTokens: tokensOut,
      costUsd,
      cached: false,
      latencyMs: 1,
    });
  call("g1c0", "meta", 0.1, 100, 10);
  call("g1c1", "meta", 0.2, 200, 20);
  call("g2c0", "task", 0.05, 50, 5);
  call(null, "meta", 0.01, 1, 1);
  store.close();
  return dir;
}

/** The parsed JSON of one `<script type="application/json" id=…>` element of a report page. */
function embedded<T>(html: string, id: string): T {
  const match = new RegExp(`<script type="application/json" id="${id}">([^]*?)</script>`).exec(html);
  if (!match?.[1]) throw new Error(`no element ${id} in the page`);
  return JSON.parse(match[1]) as T;
}

describe("report data extraction", () => {
  const tiny = loadRun(tinyRun("tiny"));

  it("gives the best and median score of the valid archive per generation", () => {
    const points = progressByGeneration(tiny.nodes);
    expect(points.map((p) => p.generation)).toEqual([0, 1, 2]);
    expect(points.map((p) => p.best)).toEqual([0.2, 0.5, 0.9]);
    // Generation 1: {0.2, 0.5}; generation 2: {0.2, 0.5, 0.4, 0.9}; the invalid child never counts.
    expect(points[0]!.median).toBeCloseTo(0.2);
    expect(points[1]!.median).toBeCloseTo(0.35);
    expect(points[2]!.median).toBeCloseTo(0.45);
    expect(points.map((p) => [p.nodes, p.valid])).toEqual([
      [1, 1],
      [3, 2],
      [5, 4],
    ]);
  });

  it("sums cost per generation and cumulatively, keeping run-level calls apart", () => {
    const { rows, unattributedUsd } = costByGeneration(tiny.nodes, tiny.costs);
    expect(rows.map((r) => r.costUsd)).toEqual([0, expect.closeTo(0.3), expect.closeTo(0.05)]);
    expect(rows.map((r) => r.cumulativeUsd)).toEqual([0, expect.closeTo(0.3), expect.closeTo(0.35)]);
    expect(rows.map((r) => r.cumulativeTokens)).toEqual([0, 330, 385]);
    expect(rows[1]!.byRole).toEqual({ meta: expect.closeTo(0.3) });
    expect(rows[2]!.byRole).toEqual({ task: expect.closeTo(0.05) });
    expect(rows[1]!.calls).toBe(2);
    expect(unattributedUsd).toBeCloseTo(0.01);
  });

  it("lays the tree out with contiguous subtrees and parents centred on their children", () => {
    const layout = layoutTree(tiny.nodes);
    const row = (id: string) => layout.rows[tiny.nodes.findIndex((n) => n.id === id)]!;
    expect([row("g2c0"), row("g2c1"), row("g1c1")]).toEqual([0, 1, 2]);
    expect(row("g1c0")).toBe(0.5);
    expect(row("initial")).toBe(1.25);
    expect(layout.rowCount).toBe(3);
    // A 5,000-deep lineage lays out without recursion.
    const chain = Array.from({ length: 5000 }, (_, i) => ({ id: `n${i}`, parentId: i ? `n${i - 1}` : null }));
    expect(layoutTree(chain).rows.every((r) => r === 0)).toBe(true);
  });

  it("headline figures say the seeds they rest on", () => {
    const data = buildReportData(tiny);
    expect(data.headline.bestScore).toEqual({ value: 0.9, n: 1 });
    expect(data.headline.validRate).toEqual({ value: 0.75, n: 1 });
    expect(data.headline.costUsd.value).toBeCloseTo(0.36);
    expect(data.bestNodeId).toBe("g2c1");
    const markdown = renderMarkdown(data);
    expect(markdown).toContain("| Best score (selection split) | 0.900 | 1 |");
    expect(markdown).toContain("| Valid rate (children) | 75.0% | 1 |");
    expect(markdown).toContain("Figures rest on 1 seed (dgm-h seed 7)");
  });
});

describe("a run that has just started", () => {
  it("reports an empty archive without failing", async () => {
    const dir = join(root, "empty");
    mkdirSync(dir, { recursive: true });
    writeRunConfig(dir, config(3));
    openRunStore(join(dir, "run.sqlite")).close();
    const { html, markdown } = await writeReport(dir);
    const data = embedded<ReturnType<typeof buildReportData>>(readFileSync(html, "utf8"), "report-data");
    expect(data.tree.nodes).toEqual([]);
    expect(data.headline.bestScore).toEqual({ value: null, n: 0 });
    expect(readFileSync(markdown, "utf8")).toContain("| Best score (selection split) | — | 0 |");
  });
});

describe("compare runs", () => {
  const dirs = [
    { seed: 1, baseline: "none" as const },
    { seed: 2, baseline: "none" as const },
    { seed: 3, baseline: "none" as const },
    { seed: 4, baseline: "no-archive" as const },
  ].map(({ seed, baseline }) => {
    const dir = join(root, `compare-${seed}`);
    createSyntheticRun(dir, { nodes: 40, seed, baseline, drift: baseline === "none" ? 0.02 : 0 });
    return dir;
  });

  it("overlays each run's progress as a labelled series and pools seeds of one configuration", () => {
    const [main, ...others] = dirs.map(loadRun);
    const data = buildReportData(main!, others);
    expect(data.progress.map((s) => [s.label, s.main])).toEqual([
      ["dgm-h seed 1", true],
      ["dgm-h seed 2", false],
      ["dgm-h seed 3", false],
      ["no-archive seed 4", false],
    ]);
    for (const [i, series] of data.progress.entries()) {
      expect(series.points).toEqual(progressByGeneration([main!, ...others][i]!.nodes));
    }
    const bests = [main!, ...others.slice(0, 2)]
      .map((run) => bestNode(run.nodes)!.score!)
      .sort((a, b) => a - b);
    expect(data.headline.bestScore.n).toBe(3);
    expect(data.headline.bestScore.value).toBe(bests[1]);
    expect(data.headline.bestScore.low).toBeGreaterThanOrEqual(bests[0]!);
    expect(data.headline.bestScore.high).toBeLessThanOrEqual(bests[2]!);
    expect(data.headline.runs).toEqual(["dgm-h seed 1", "dgm-h seed 2", "dgm-h seed 3"]);
    expect(data.configurations.map((row) => [row.baseline, row.headline.runs.length])).toEqual([
      ["dgm-h", 3],
      ["no-archive", 1],
    ]);
    expect(data.cost.map((s) => s.label)).toEqual(data.progress.map((s) => s.label));
    const markdown = renderMarkdown(data);
    expect(markdown).toContain("Figures rest on 3 seeds (dgm-h seed 1, dgm-h seed 2, dgm-h seed 3)");
    expect(markdown).toMatch(/\| Best score \(selection split\) \| [0-9.]+ \[[0-9.]+, [0-9.]+\] \| 3 \|/);
    expect(markdown).toContain("## Configurations");
  });

  it("writes report.html and summary.md through writeReport", async () => {
    const out = join(root, "compare-out");
    const files = await writeReport(dirs[0]!, { compare: dirs.slice(1), out });
    expect(files).toEqual({ html: join(out, "report.html"), markdown: join(out, "summary.md") });
    const html = readFileSync(files.html, "utf8");
    const data = embedded<ReturnType<typeof buildReportData>>(html, "report-data");
    expect(data.progress).toHaveLength(4);
    expect(readFileSync(files.markdown, "utf8")).toContain("# Run report: dgm-h seed 1");
  });
});

describe("escaping", () => {
  const hostile = "</script><script>window.pwned = 1</script><!-- & \u2028";

  it("embeds JSON that cannot close its script element", () => {
    const text = jsonForScript({ diff: hostile });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual({ diff: hostile });
  });

  it("keeps diffs, logs and transcripts with markup inert in the page", async () => {
    const dir = join(root, "hostile");
    const { bestNodeId } = createSyntheticRun(dir, { nodes: 12, seed: 5 });
    const diff = `--- a/task_agent.ts\n+++ b/task_agent.ts\n@@ -1 +1 @@\n-const a = 1;\n+const a = "${hostile}";\n`;
    writeFileSync(join(dir, "nodes", bestNodeId, "diff.patch"), diff);
    writeFileSync(join(dir, "nodes", bestNodeId, "meta.log"), `log ${hostile}`);
    const { html } = await writeReport(dir);
    const page = readFileSync(html, "utf8");
    expect(page).not.toContain("<script>window.pwned");
    expect(page).not.toContain("<!-- &");
    // Exactly our own script elements: the data, the page script and one per node.
    const nodes = loadRun(dir).nodes;
    expect(page.match(/<script/g)).toHaveLength(2 + nodes.length);
    const index = nodes.findIndex((node) => node.id === bestNodeId);
    const details = embedded<NodeDetails>(page, detailsElementId(index));
    expect(details.diff).toBe(diff);
    expect(details.metaLog).toBe(`log ${hostile}`);
  });
});

describe("node details", () => {
  it("shows only the messages new since the previous model call, and cuts long transcripts", () => {
    const user = { role: "user", content: "fix it" };
    const reply = { role: "assistant", content: [{ type: "text", text: "on it" }] };
    const entries = [
      {
        request: { system: "sys", messages: [user] },
        response: { text: "on it", toolCalls: [] },
        latencyMs: 5,
      },
      {
        request: { messages: [user, reply, { role: "user", content: "more" }] },
        error: "boom",
        latencyMs: 7,
      },
    ];
    const { entries: views, note } = parseTranscript(JSON.stringify(entries));
    expect(note).toBeNull();
    expect(views[1]!.repeated).toBe(1);
    expect(views[1]!.messages).toEqual([
      { role: "assistant", text: "on it" },
      { role: "user", text: "more" },
    ]);
    expect(views[1]!.error).toBe("boom");
    const long = parseTranscript(JSON.stringify(entries), {
      diffChars: 1,
      metaLogChars: 1,
      transcriptChars: 50,
      messageChars: 100,
    });
    expect(long.entries).toHaveLength(1);
    expect(long.note).toContain("showing 1 of 2 model calls");
    expect(parseTranscript("{ not json").note).toContain("not valid JSON");
  });

  it("truncates huge diffs at a line boundary with a note", async () => {
    const dir = join(root, "huge");
    const { bestNodeId } = createSyntheticRun(dir, { nodes: 5, seed: 9 });
    const line = `+${"x".repeat(98)}\n`;
    writeFileSync(join(dir, "nodes", bestNodeId, "diff.patch"), line.repeat(5000));
    const { html } = await writeReport(dir, { limits: { diffChars: 10_000 } });
    const index = loadRun(dir).nodes.findIndex((node) => node.id === bestNodeId);
    const details = embedded<NodeDetails>(readFileSync(html, "utf8"), detailsElementId(index));
    expect(details.diff).toBe(line.repeat(99) + line.slice(0, -1));
    expect(details.diffNote).toContain("of 500,000 characters");
  });
});
