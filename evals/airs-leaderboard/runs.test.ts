import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { airsLeaderboardCommand } from "../../sdk/cli/commands/airs-leaderboard.js";
import { memoryIo } from "../../sdk/cli/memory-io.js";
import { UserError } from "../../sdk/errors.js";
import { EVAL_LOG_FORMAT, openEvalLog } from "../log.js";
import { logFileName } from "../run-eval.js";
import type { AirsLeaderboard } from "./board.js";
import { writeFixtureLog } from "./fixtures/write-logs.js";
import { readAirsRuns } from "./runs.js";

const root = mkdtempSync(join(tmpdir(), "hyperagents-airs-runs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A log of another task, which the leaderboard must pass over. */
function writeToyLog(dir: string): void {
  const writer = openEvalLog(join(dir, logFileName("toy", "openai:gpt-x")), {
    type: "header",
    format: EVAL_LOG_FORMAT,
    version: 1,
    task: "toy",
    model: "openai:gpt-x",
    config: { agent: null, seeds: 1, limit: null, options: {} },
    created: new Date().toISOString(),
  });
  writer.close();
}

const results = folder("results");
writeFixtureLog(results, {
  task: "airs",
  model: "openai:gpt-x",
  agent: "/home/me/agents/airs-greedy/",
  runs: [
    {
      instance: "traffic-forecasting",
      task: "airs/traffic-forecasting",
      seed: 0,
      score: 0.8,
      normalizedScore: 0.79,
    },
    { instance: "traffic-forecasting", task: "airs/traffic-forecasting", seed: 1, score: null },
    {
      instance: "molecule-energy",
      task: "airs/molecule-energy",
      seed: 0,
      score: 0.2,
      metric: "MeanAbsoluteError",
    },
    { instance: "molecule-energy", seed: 1, score: "no-reply" },
  ],
  // A baseline sample is no run of the agent.
  extra: [{ reference: true, seed: 9 }],
});
writeFixtureLog(results, {
  task: "airs/traffic-forecasting",
  model: "openai:gpt-x",
  agent: null,
  runs: [
    { instance: "TrafficForecastingMASE", seed: 0, score: 0.9 },
    { instance: "TrafficForecastingMASE", seed: 1, score: "no-reply" },
  ],
});
writeToyLog(results);

describe("readAirsRuns", () => {
  it("reads every AIRS log in a folder: an agent is the (program, model) pair, a run one task and seed", () => {
    const runs = readAirsRuns([results]);
    const brief = runs.map((r) => [r.agent, r.task, r.seed, r.score, r.valid, r.normalizedScore]);
    expect(brief).toEqual([
      ["airs-greedy · openai:gpt-x", "airs/traffic-forecasting", 0, 0.8, true, 0.79],
      ["airs-greedy · openai:gpt-x", "airs/traffic-forecasting", 1, null, false, 0],
      ["airs-greedy · openai:gpt-x", "airs/molecule-energy", 0, 0.2, true, 0.5],
      // No reply, no details: the suite's instance names the task, and the run is invalid.
      ["airs-greedy · openai:gpt-x", "airs/molecule-energy", 1, null, false, 0],
      ["default · openai:gpt-x", "airs/traffic-forecasting", 0, 0.9, true, 0.5],
      ["default · openai:gpt-x", "airs/traffic-forecasting", 1, null, false, 0],
    ]);
    expect(runs[0]).toMatchObject({
      model: "openai:gpt-x",
      program: "airs-greedy",
      error: null,
      wallMs: 1500,
    });
    expect(runs[3]!.error).toBe("the agent returned no solution");
    expect(runs[4]!.log).toBe(join(results, "airs_traffic-forecasting.openai_gpt-x.eval.jsonl"));
  });

  it("reads a single log file, and lets a later copy of a run replace an earlier one", () => {
    const file = join(results, "airs_traffic-forecasting.openai_gpt-x.eval.jsonl");
    expect(readAirsRuns([file])).toHaveLength(2);
    expect(readAirsRuns([file, results])).toHaveLength(6);
  });

  it("refuses a folder with no AIRS logs, a missing path, and no path at all, saying what to pass", () => {
    const other = folder("other");
    writeToyLog(other);
    expect(() => readAirsRuns([other])).toThrow(UserError);
    expect(() => readAirsRuns([other])).toThrow(
      `${other} holds no AIRS eval logs (only toy): pass the --out folder of \`hyperagents eval --task airs\``,
    );
    expect(() => readAirsRuns([join(root, "missing")])).toThrow(/no file or folder at .*missing/);
    expect(() => readAirsRuns([folder("empty")])).toThrow(/holds no eval logs/);
    expect(() => readAirsRuns([])).toThrow(UserError);
  });
});

describe("airsLeaderboardCommand", () => {
  it("ranks the runs with the bundled tasks' metadata, writes leaderboard.html and prints JSON", () => {
    const io = memoryIo({ cwd: root });
    const board = airsLeaderboardCommand(["results"], { json: true }, io);
    const printed = JSON.parse(io.out) as AirsLeaderboard;
    expect(printed.agents.map((a) => a.agent)).toEqual(board.agents.map((a) => a.agent));
    expect(io.err).toBe(`${join("results", "leaderboard.html")}\n`);
    const html = readFileSync(join(results, "leaderboard.html"), "utf8");
    expect(html).toContain("<table class=data id=headline>");
    // The report's stylesheet is inlined for its look.
    expect(html).toContain("--accent");
    // Traffic (MASE, ↓, SOTA 0.740363, worst 1.16444): φ(s) = −log10 s, so 0.8 normalises to
    // (−log10 0.8 − −log10 1.16444) / (−log10 0.740363 − −log10 1.16444).
    const traffic = (s: number) =>
      (Math.log10(1.1644434188915163) - Math.log10(s)) /
      (Math.log10(1.1644434188915163) - Math.log10(0.740363));
    const greedy = board.cells.find(
      (c) => c.agent === "airs-greedy · openai:gpt-x" && c.task === "airs/traffic-forecasting",
    )!;
    expect(greedy.meanNormalizedScore).toBeCloseTo(traffic(0.8) / 2, 10);
    expect(board.tasks.map((t) => t.task)).toEqual(["airs/molecule-energy", "airs/traffic-forecasting"]);
    expect(board.notes).toContain("default · openai:gpt-x ran 1 of 2 tasks: its means are over those only");
  });

  it("writes the page where --out says and prints the terminal table", () => {
    const io = memoryIo({ cwd: root });
    airsLeaderboardCommand(
      [join("results", "airs.openai_gpt-x.eval.jsonl")],
      { out: "pages/board.html" },
      io,
    );
    expect(io.out).toMatch(/^AIRS leaderboard: 1 agents · 2 tasks · 4 runs/);
    expect(readFileSync(join(root, "pages", "board.html"), "utf8")).toContain("id=elo-chart");
  });
});
