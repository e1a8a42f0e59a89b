/**
 * The AIRS research scaffolds end to end: the real `openai` client against the local
 * OpenAI-compatible server, scripted to write a working solution, a crashing one that the debug
 * step fixes, and one that prints no validation metric; each program runs in the real sandbox
 * with the real `run_solution` tool on the bundled task airs/traffic-forecasting (its fastest
 * solutions run in about a second). The solutions are tiny forecast rules: no training.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox } from "../../sandbox/index.js";
import type { Sandbox } from "../../sandbox/types.js";
import { createModel } from "../../sdk/llm/create-model.js";
import { startOpenAIServer } from "../../sdk/testing/openai-server.js";
import type { RecordedRequest, StubReply } from "../../sdk/testing/stub-server.js";
import type { AirsTask } from "../../tasks/airs/format.js";
import { loadBundledAirsTask } from "../../tasks/airs/load-task.js";
import { runAndScore } from "../../tasks/airs/run-and-score.js";
import { airsTask } from "../../tasks/airs/task.js";
import { solutionTools } from "../../tasks/airs/tools.js";
import { readProgram } from "./program-files.js";

const GREEDY_DIR = fileURLToPath(new URL("../airs-greedy/", import.meta.url));
const ONE_SHOT_DIR = fileURLToPath(new URL("../airs-one-shot/", import.meta.url));

const LAST_VALUE = "(h: number[]): number[] => new Array<number>(horizon).fill(h[h.length - 1] ?? 0)";
const SEASONAL =
  "(h: number[]): number[] => Array.from({ length: horizon }, (_, i) => h[h.length - 7 + (i % 7)] ?? 0)";

/** A tiny traffic-forecasting solution (no training): a forecast rule, optionally printing a metric, optionally broken. */
function solution(forecast: string, options: { printMetric: boolean; crash?: boolean }): string {
  return [
    'import { readSplit, writeSubmission } from "hyperagents/solution";',
    'const train = (await readSplit("train")) as { target: number[]; label_target: number[] }[];',
    'const test = (await readSplit("test")) as { target: number[] }[];',
    options.crash
      ? "const horizon = (train[0] as unknown as { horizon: number[] }).horizon.length;"
      : "const horizon = (train[0]?.label_target.length ?? 0) - (train[0]?.target.length ?? 0);",
    `const forecast = ${forecast};`,
    ...(options.printMetric
      ? [
          "let error = 0;",
          "let count = 0;",
          "for (const row of train) {",
          "  const future = row.label_target.slice(row.target.length);",
          "  forecast(row.target).forEach((value, i) => { error += Math.abs(value - (future[i] ?? 0)); count++; });",
          "}",
          "console.log('validation_metric: ' + (error / count).toFixed(4));",
        ]
      : []),
    'await writeSubmission(test.map((row) => ({ label_target: [...row.target, ...forecast(row.target)] })), ["label_target"]);',
  ].join("\n");
}

const WORKING = solution(LAST_VALUE, { printMetric: true });
const CRASHING = solution(LAST_VALUE, { printMetric: true, crash: true });
const NO_METRIC = solution(LAST_VALUE, { printMetric: false });
const IMPROVED = solution(SEASONAL, { printMetric: true });

const reply = (plan: string, code: string) => ({ text: `${plan}\n\n\`\`\`typescript\n${code}\n\`\`\`` });
const verdict = (isBug: boolean, metric: number | null, summary: string) => ({
  text: `\`\`\`json\n${JSON.stringify({ is_bug: isBug, metric, summary })}\n\`\`\``,
});

/** The last user message of a request the local server received. */
function userText(request: RecordedRequest | undefined): string {
  const messages =
    (request?.body as { messages?: { role: string; content: unknown }[] } | undefined)?.messages ?? [];
  const content = messages.filter((message) => message.role === "user").at(-1)?.content;
  return typeof content === "string" ? content : JSON.stringify(content);
}

describe("AIRS scaffolds end to end (openai client, sandbox, run_solution on airs/traffic-forecasting)", () => {
  let sandbox: Sandbox;
  let airs: AirsTask;
  let description: string;
  let input: unknown;

  beforeAll(async () => {
    sandbox = createSandbox();
    airs = await loadBundledAirsTask("traffic-forecasting");
    const task = airsTask(airs);
    description = task.description;
    input = (await task.instances("test"))[0]?.input;
  }, 120_000);
  afterAll(async () => {
    await sandbox.dispose();
  });

  /** Runs a program's task agent in the sandbox against the local server scripted with `replies`. */
  async function solveWith(files: Record<string, string>, replies: StubReply[]) {
    const server = await startOpenAIServer(replies);
    try {
      const model = createModel("openai:gpt-4o-mini", {
        apiKey: "sk-test-0123456789",
        baseURL: server.baseURL,
        env: {},
      });
      const result = await sandbox.run({
        files,
        entry: "task_agent.ts",
        export: "solve",
        input,
        capabilities: {
          llm: model,
          data: { task: { id: airs.id, description } },
          tools: solutionTools(airs, { toolTimeLimitMs: 60_000 }),
        },
        limits: { timeoutMs: 30_000, wallTimeoutMs: 150_000 },
        seed: 1,
      });
      return { result, requests: server.requests };
    } finally {
      await server.close();
    }
  }

  /** The solution's score on the task's real test split, as the evaluator computes it. */
  const finalScore = (code: string) => runAndScore(airs, { solution: code }, { timeLimitMs: 60_000 });

  it("greedy: a crashing draft is debugged, a draft that prints no metric is ranked by the host's score, the best is improved and returned", async () => {
    const files = await readProgram(GREEDY_DIR);
    // A small search: 2 drafts, then debug (probability 1) or improve, 4 steps in all.
    files["params.ts"] = replaceAll(files["params.ts"] ?? "", [
      ["numDrafts: 5,", "numDrafts: 2,"],
      ["maxSteps: 20,", "maxSteps: 4,"],
      ["seed: null as number | null,", "seed: 1 as number | null,"],
    ]);
    const { result, requests } = await solveWith(files, [
      reply("Repeat the last value.", CRASHING),
      verdict(true, null, "It crashed reading train[0].horizon: a TypeError."),
      reply("Repeat the last value, without a printed metric.", NO_METRIC),
      verdict(false, null, "It wrote a submission and printed no validation metric."),
      reply("Compute the horizon from the label length.", WORKING),
      verdict(false, 64.23, "Fixed: it ran and printed its metric."),
      reply("Repeat the last week instead of the last day.", IMPROVED),
      verdict(false, 38.46, "The weekly repeat lowers the error."),
    ]);
    expect(result.ok, result.ok ? "" : result.message).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual({ solution: IMPROVED });
    expect(requests).toHaveLength(8);
    // Capability calls: 8 model calls and 4 run_solution calls.
    expect(result.stats.toolCalls).toBe(12);

    const prompts = requests.map(userText);
    expect(prompts[0]).toContain(description);
    expect(prompts[0]).toContain("Write a first solution");
    // The analysis sees the crash; the debug step gets the crashing script and its error.
    expect(prompts[1]).toContain("exit code 1");
    expect(prompts[1]).toContain("TypeError");
    expect(prompts[2]).toContain("attempt 0 (draft): buggy");
    const held = /held-out validation score (\d+(?:\.\d+)?)/.exec(prompts[3] ?? "")?.[1];
    expect(Number(held)).toBeGreaterThan(0);
    expect(prompts[4]).toContain("## A script that failed (attempt 0)");
    expect(prompts[4]).toContain(CRASHING);
    expect(prompts[4]).toContain("Cannot read properties of undefined");
    // The draft that printed nothing got the host's score; the fixed one ties with it, so the earlier is improved.
    expect(prompts[6]).toContain(`## The current best script (attempt 1, validation metric ${held})`);
    expect(prompts[6]).toContain(`attempt 1 (draft): validation metric ${held}`);
    expect(prompts[6]).toContain(`attempt 2 (debug of 0): validation metric ${held}`);
    expect(prompts[6]).toContain(NO_METRIC);
    expect(result.logs.join("\n")).toMatch(
      /step 0: draft -> buggy[\s\S]*step 2: debug of 0 -> metric[\s\S]*step 3: improve of 1 -> metric/,
    );
    expect(result.logs.join("\n")).toContain(
      "search stopped after 4 nodes: the 4-step budget is spent; returning node 3",
    );

    // On the real test split the returned script beats the last-value scripts it improved on (MASE, lower is better).
    const [improved, lastValue] = await Promise.all([finalScore(IMPROVED), finalScore(NO_METRIC)]);
    expect(improved.valid && lastValue.valid).toBe(true);
    expect(improved.score as number).toBeLessThan(lastValue.score as number);
  }, 120_000);

  it("one-shot: one draft, run once for the record, returned whatever the run showed", async () => {
    const files = await readProgram(ONE_SHOT_DIR);
    const runs = [];
    for (const code of [WORKING, CRASHING, NO_METRIC]) {
      const { result, requests } = await solveWith(files, [reply("A plan.", code)]);
      expect(result.ok, result.ok ? "" : result.message).toBe(true);
      if (!result.ok) return;
      expect(result.value).toEqual({ solution: code });
      expect(requests).toHaveLength(1);
      // Capability calls: the model call and one run_solution call.
      expect(result.stats.toolCalls).toBe(2);
      expect(userText(requests[0])).toContain(description);
      expect(userText(requests[0])).toContain("validation_metric: <number>");
      runs.push(result.logs.join("\n"));
    }
    expect(runs[0]).toMatch(
      /run_solution: exitCode 0, timedOut false, submissionValid true, validationScore [\d.]+/,
    );
    expect(runs[1]).toMatch(
      /run_solution: exitCode 1, .*submissionValid false, validationScore null, reason "the solution exited with code 1/,
    );
    expect(runs[2]).toMatch(/run_solution: exitCode 0, .*submissionValid true, validationScore [\d.]+/);
    // The crash is submitted as it is (no second chance) and scores as invalid on the test split.
    expect((await finalScore(CRASHING)).valid).toBe(false);
    expect((await finalScore(WORKING)).valid).toBe(true);
  }, 120_000);

  it("one-shot: a reply without a script is an error answer, with no run", async () => {
    const { result, requests } = await solveWith(await readProgram(ONE_SHOT_DIR), [
      { text: "I would fit a ridge model." },
    ]);
    expect(result.ok && result.value).toMatchObject({ error: "the reply held no fenced script" });
    expect(requests).toHaveLength(1);
    // The model call only: no run_solution call.
    expect(result.stats.toolCalls).toBe(1);
  }, 60_000);
});

function replaceAll(text: string, pairs: [string, string][]): string {
  let out = text;
  for (const [from, to] of pairs) {
    if (!out.includes(from)) throw new Error(`params.ts no longer holds "${from}": update the test`);
    out = out.replace(from, to);
  }
  return out;
}
