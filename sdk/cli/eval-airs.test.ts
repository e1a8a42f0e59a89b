/**
 * What a new user runs on AIRS, through the command line: `eval --task airs/<name> --scaffold`
 * with a model (the real `openai` client against the local OpenAI-compatible server, scripted to
 * write one working solution) and with no model (the offline scaffold), then `airs leaderboard`
 * over both output folders.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startOpenAIServer } from "../testing/index.js";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const TASK = "airs/traffic-forecasting";
const root = mkdtempSync(join(tmpdir(), "ha-eval-airs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Seasonal naive (the last week repeated): no training, valid, better than the last value. */
const SEASONAL = [
  'import { readSplit, writeSubmission } from "hyperagents/solution";',
  'const train = (await readSplit("train")) as { target: number[]; label_target: number[] }[];',
  'const test = (await readSplit("test")) as { target: number[] }[];',
  "const horizon = (train[0]?.label_target.length ?? 0) - (train[0]?.target.length ?? 0);",
  "const forecast = (h: number[]) => Array.from({ length: horizon }, (_, i) => h[h.length - 7 + (i % 7)] ?? 0);",
  "console.log('validation_metric: unknown');",
  'await writeSubmission(test.map((row) => ({ label_target: [...row.target, ...forecast(row.target)] })), ["label_target"]);',
].join("\n");

interface Results {
  runs: { task: string; model: string; mean: number; samples: number; errors: number }[];
}

describe("hyperagents eval --task airs/<name> --scaffold, then airs leaderboard", () => {
  const withModel = join(root, "one-shot");
  const offline = join(root, "offline");

  it("one-shot with a model: the scripted solution runs in the runner and is scored", async () => {
    const server = await startOpenAIServer([
      { text: `Repeat the last week.\n\n\`\`\`typescript\n${SEASONAL}\n\`\`\`` },
    ]);
    try {
      const io = memoryIo({ env: { OPENAI_API_KEY: "sk-test-0123456789", OPENAI_BASE_URL: server.baseURL } });
      const args = ["eval", "--task", TASK, "--scaffold", "one-shot", "--model", "openai:gpt-4o-mini"];
      const code = await main([...args, "--out", withModel, "--json"], io);
      expect(code, io.err).toBe(0);
      const results = JSON.parse(io.out) as Results;
      expect(results.runs[0]).toMatchObject({ task: TASK, samples: 1, errors: 0 });
      // Seasonal naive beats the task's naive (last value), so its normalised score is above 0.
      expect(results.runs[0]?.mean).toBeGreaterThan(0);
      // The scaffold saw the task's prompt, with the evaluator's source in it.
      const prompt = JSON.stringify(server.requests[0]?.body);
      expect(prompt).toMatch(/evaluate/);
    } finally {
      await server.close();
    }
  }, 240_000);

  it("offline: the offline scaffold needs no model and writes a valid submission", async () => {
    const io = memoryIo();
    const code = await main(
      ["eval", "--task", TASK, "--scaffold", "offline", "--out", offline, "--json"],
      io,
    );
    expect(code, io.err).toBe(0);
    const results = JSON.parse(io.out) as Results;
    expect(results.runs[0]).toMatchObject({ task: TASK, samples: 1, errors: 0 });
  }, 300_000);

  it("the leaderboard ranks both agents and writes its page", async () => {
    const io = memoryIo();
    const page = join(root, "board.html");
    const code = await main(["airs", "leaderboard", withModel, offline, "--out", page], io);
    expect(code, io.err).toBe(0);
    expect(io.out).toMatch(/airs-one-shot/);
    expect(io.out).toMatch(/airs-offline/);
    expect(existsSync(page)).toBe(true);
    expect(readFileSync(page, "utf8")).toMatch(/<table/);
  }, 120_000);

  it("refuses a scaffold the task does not ship, and --scaffold with --agent", async () => {
    for (const [args, message] of [
      [["--scaffold", "react"], /has no scaffold "react": use one of one-shot, greedy/],
      [["--scaffold", "greedy", "--agent", "agents/offline"], /either --scaffold NAME or --agent DIR/],
    ] as const) {
      const io = memoryIo();
      expect(await main(["eval", "--task", TASK, ...args], io)).toBe(2);
      expect(io.err).toMatch(message);
    }
  });
});
