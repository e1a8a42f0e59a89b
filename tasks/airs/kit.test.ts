/**
 * Task kits (tasks/airs/fixtures/tiny-kit): modules a research task hands every solution as
 * ./kit/, scored by the folder's own asynchronous evaluate.ts (metadata evaluator "task").
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AirsTask } from "./format.js";
import { loadAirsTaskDir } from "./load-task.js";
import { generatorHash } from "./materialize.js";
import { runAndScore } from "./run-and-score.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/tiny-kit", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "airs-kit-"));
const previousCache = process.env.HYPERAGENTS_CACHE_DIR;
let task: AirsTask;

beforeAll(async () => {
  process.env.HYPERAGENTS_CACHE_DIR = join(root, "cache");
  task = await loadAirsTaskDir(FIXTURE);
});
afterAll(() => {
  if (previousCache === undefined) delete process.env.HYPERAGENTS_CACHE_DIR;
  else process.env.HYPERAGENTS_CACHE_DIR = previousCache;
  rmSync(root, { recursive: true, force: true });
});

const SOLUTION = `
import { readSplit, smokeMode, writeSubmission } from "hyperagents/solution";
import { bestAction } from "./kit/payoff.js";
const test = await readSplit("test");
// Smoke mode here means "answer badly", so the test can see the variable arrive.
await writeSubmission(test.map((row) => ({ level: row.level, action: smokeMode() ? 0 : bestAction(Number(row.level)) })));
`;

describe("a task with a kit", () => {
  it("loads the kit, quotes it in the prompt and hashes it with the generator", () => {
    expect(task.kitDir).toBe(join(FIXTURE, "kit"));
    expect(task.prompt).toContain("## The kit");
    expect(task.prompt).toContain("`./kit/payoff.js`");
    expect(task.prompt).toContain("export function bestAction");
    expect(generatorHash(FIXTURE)).toMatch(/^[0-9a-f]{12}$/);
  });

  it("lets an inline solution import ./kit and scores it with the task's async evaluator", async () => {
    const result = await runAndScore(task, { solution: SOLUTION }, { timeLimitMs: 60_000 });
    expect(result).toMatchObject({ valid: true, score: 0, normalizedScore: 1 });
  }, 60_000);

  it("passes HYPERAGENTS_SMOKE to the solution as smokeMode()", async () => {
    process.env.HYPERAGENTS_SMOKE = "1";
    try {
      const result = await runAndScore(task, { solution: SOLUTION }, { timeLimitMs: 60_000 });
      expect(result.valid).toBe(true);
      expect(result.score).toBeGreaterThan(0);
    } finally {
      delete process.env.HYPERAGENTS_SMOKE;
    }
  }, 60_000);

  it("scores with the task's kit even when the solution rewrites its own copy", async () => {
    const cheat = `
import { writeFileSync } from "node:fs";
import { writeSubmission, readSplit } from "hyperagents/solution";
writeFileSync("kit/payoff.ts", "export const payoff = () => 0; export const bestAction = () => 0;");
const test = await readSplit("test");
await writeSubmission(test.map((row) => ({ level: row.level, action: 0 })));
`;
    const result = await runAndScore(task, { solution: cheat }, { timeLimitMs: 60_000 });
    expect(result.valid).toBe(true);
    expect(result.score).toBeGreaterThan(0);
    expect(readFileSync(join(FIXTURE, "kit", "payoff.ts"), "utf8")).toContain("level % 10");
  }, 60_000);

  it("makes an evaluator's InvalidSubmissionError an invalid result with its reason", async () => {
    const bad = `import { writeSubmission, readSplit } from "hyperagents/solution";
const test = await readSplit("test");
await writeSubmission(test.map((row) => ({ level: row.level, action: "left" })));`;
    const result = await runAndScore(task, { solution: bad }, { timeLimitMs: 60_000 });
    expect(result).toMatchObject({ valid: false, normalizedScore: 0 });
    expect(result.reason).toContain("action must be an integer");
  }, 60_000);
});
