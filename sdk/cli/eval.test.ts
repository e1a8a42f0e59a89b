import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type RecordedRequest,
  type StubResponse,
  type StubServer,
  startAnthropicServer,
  startOpenAIServer,
} from "../testing/index.js";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const bin = fileURLToPath(new URL("../../bin/hyperagents.js", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "ha-eval-cli-"));

function program(name: string, taskAgent: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "task_agent.ts"), taskAgent);
  return dir;
}

describe("hyperagents eval --agent", () => {
  it("refuses a program that does not compile: exit 2, one line naming the file and the problem", async () => {
    const dir = program("syntax", "export async function solve(input: unknown) {\n  return {;\n}\n");
    const out = join(root, "never-written");
    const io = memoryIo();
    const code = await main(["eval", "--task", "circle-packing", "--agent", dir, "--out", out], io);
    expect(code).toBe(2);
    const lines = io.err.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^hyperagents: the program in .*syntax does not compile \(bundle\): task_agent\.ts:2: /,
    );
  }, 60_000);

  it("refuses a program whose task agent does not export solve", async () => {
    const dir = program("no-solve", "export const answer = 42;\n");
    const io = memoryIo();
    const code = await main(["eval", "--task", "circle-packing", "--agent", dir], io);
    expect(code).toBe(2);
    expect(io.err.trim().split("\n")).toHaveLength(1);
    expect(io.err).toMatch(/does not compile \(exports\): .*solve/);
  }, 60_000);

  it("--limit N evaluates the first N instances", async () => {
    const out = join(root, "limited");
    const io = memoryIo();
    const code = await main(
      [
        "eval",
        "--task",
        "circle-packing",
        "--agent",
        "agents/offline",
        "--split",
        "test",
        "--limit",
        "1",
        "--out",
        out,
      ],
      io,
    );
    expect(code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as {
      instances: number;
      results: { instanceId: string }[];
    };
    expect(results.instances).toBe(1);
    expect(results.results.map((r) => r.instanceId)).toEqual(["test-n27"]);
    // The task's own figures: the ratio with the raw sum of radii beside it.
    expect(io.err).toMatch(/^n = 27: [\d.]+ \(ratio to 2\.685\) · sum of radii \d\.\d{5}$/m);
  }, 120_000);

  it("refuses a task's own options where no task given takes them, in one line", async () => {
    for (const args of [
      ["--task", "circle-packing", "--games", "4"],
      ["--task", "decrypto", "--agent", "agents/offline", "--tom"],
    ]) {
      const io = memoryIo();
      expect(await main(["eval", ...args], io)).toBe(2);
      expect(io.err.trim().split("\n").at(-1)).toMatch(
        /^hyperagents: --(games|tom) is not an option of (circle-packing|decrypto)'s evaluation.*: drop it/,
      );
    }
  });
});

/** n circles of radius r on a grid: a valid, weak packing for the local model to answer with. */
function gridPacking(n: number): number[][] {
  const side = Math.ceil(Math.sqrt(n));
  const r = 0.5 / side;
  return Array.from({ length: n }, (_, i) => [
    (2 * (i % side) + 1) * r,
    (2 * Math.floor(i / side) + 1) * r,
    r * 0.99,
  ]);
}

/**
 * What the local "model" answers, in either wire format: Decrypto's hints and guesses, or a grid
 * packing for circle packing's n. `weaker` packs smaller circles, so two models differ.
 */
function reply(request: RecordedRequest, weaker = false): StubResponse {
  const body = JSON.stringify(request.body);
  if (/You are the Encoder/.test(body))
    return { text: 'Thinking...\nANSWER: {"hints": ["sea", "music", "sand"]}' };
  if (/You are the (Decoder|Interceptor)/.test(body)) return { text: 'ANSWER: {"guess": "2-1-3"}' };
  const n = Number(/\\"n\\":(\d+)/.exec(body)?.[1] ?? 26);
  const circles = gridPacking(n).map(([x, y, r]) => [x, y, weaker ? r! * 0.8 : r]);
  return { text: `Here is a grid.\n\`\`\`json\n${JSON.stringify({ circles })}\n\`\`\`` };
}

function logLines(path: string): { type: string; instance?: string; seed?: number; error?: string | null }[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

describe("hyperagents eval with several models and tasks (eval logs)", () => {
  let openai: StubServer;
  let anthropic: StubServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    // Decrypto's embeddings are built once per machine into this cache.
    process.env.HYPERAGENTS_CACHE_DIR = join(tmpdir(), "hyperagents-test-cache-full");
    openai = await startOpenAIServer((request) => reply(request));
    anthropic = await startAnthropicServer((request) => reply(request, true));
    env = {
      OPENAI_API_KEY: "sk-local-never-used",
      OPENAI_BASE_URL: openai.baseURL,
      ANTHROPIC_API_KEY: "sk-ant-local-never-used",
      ANTHROPIC_BASE_URL: anthropic.baseURL,
    };
  }, 60_000);
  afterAll(async () => {
    await openai.close();
    await anthropic.close();
  });

  it("evaluates two models on circle packing and Decrypto in one command, resumes without redoing a sample, and views them", async () => {
    const out = mkdtempSync(join(tmpdir(), "ha-eval-models-"));
    const args = [
      "eval",
      "--task",
      "circle-packing,decrypto",
      "--model",
      "openai:local-gpt",
      "--model",
      "anthropic:local-claude",
      "--limit",
      "2",
      "--seeds",
      "1",
      "--games",
      "2",
      "--out",
      out,
    ];
    const io = memoryIo({ env });
    expect(await main(args, io), io.err).toBe(0);
    expect(io.err).not.toContain("sk-");
    const logs = readdirSync(out)
      .filter((name) => name.endsWith(".eval.jsonl"))
      .sort();
    expect(logs).toEqual([
      "circle-packing.anthropic_local-claude.eval.jsonl",
      "circle-packing.openai_local-gpt.eval.jsonl",
      "decrypto.anthropic_local-claude.eval.jsonl",
      "decrypto.openai_local-gpt.eval.jsonl",
    ]);
    const packing = logLines(join(out, logs[1]!));
    expect(packing[0]).toMatchObject({ type: "header", format: "hyperagents-eval-log", version: 1 });
    const samples = packing.filter((line) => line.type === "sample") as unknown as {
      instance: string;
      input: unknown;
      transcript: { messages: unknown[]; response: string }[];
      answer: { circles: unknown[] };
      score: number;
      tokens: { input: number };
      wallMs: number;
    }[];
    expect(samples.map((s) => s.instance).sort()).toEqual(["test-n27", "test-n28"]);
    for (const sample of samples) {
      expect(sample.transcript).toHaveLength(1);
      expect(sample.transcript[0]!.response).toContain("Here is a grid");
      expect(sample.answer.circles.length).toBeGreaterThan(26);
      expect(sample.score).toBeGreaterThan(0);
      expect(sample.tokens.input).toBeGreaterThan(0);
    }
    expect(packing.at(-1)?.type).toBe("aggregates");
    // Decrypto: the baseline's games (reference) and the model's as team and as Eve.
    const decrypto = logLines(join(out, logs[3]!)).filter((line) => line.type === "sample");
    expect(decrypto.map((line) => line.instance).sort()).toEqual([
      "embedding-vs-embedding/0",
      "embedding-vs-embedding/1",
      "embedding-vs-model-interceptor/0",
      "embedding-vs-model-interceptor/1",
      "model-team-vs-embedding/0",
      "model-team-vs-embedding/1",
    ]);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as {
      cells: { task: string; model: string; samples: number; errors: number }[];
      paired: { task: string; samples: number }[];
    };
    expect(results.cells.map((c) => [c.task, c.model, c.samples, c.errors])).toEqual([
      ["circle-packing", "openai:local-gpt", 2, 0],
      ["circle-packing", "anthropic:local-claude", 2, 0],
      ["decrypto", "openai:local-gpt", 4, 0],
      ["decrypto", "anthropic:local-claude", 4, 0],
    ]);
    expect(results.paired.map((p) => [p.task, p.samples])).toEqual([
      ["circle-packing", 2],
      ["decrypto", 4],
    ]);

    // The same command again: every sample is in the logs, so no model is asked anything.
    const asked = [openai.requests.length, anthropic.requests.length];
    const again = memoryIo({ env });
    expect(await main(args, again), again.err).toBe(0);
    expect([openai.requests.length, anthropic.requests.length]).toEqual(asked);
    expect(again.err).toMatch(/circle-packing openai:local-gpt: [\d.]+ .* \(0 errors, 2 from the log\)/);

    const view = memoryIo();
    expect(await main(["eval", "view", out, "--json"], view), view.err).toBe(0);
    const table = JSON.parse(view.out) as {
      models: string[];
      tasks: string[];
      cells: {
        task: string;
        model: string;
        mean: number;
        ci: [number, number];
        samples: number;
        errors: number;
      }[];
      paired: { task: string; a: string; b: string; mean: number; ci: [number, number] }[];
    };
    expect(table.models).toEqual(["anthropic:local-claude", "openai:local-gpt"]);
    expect(table.tasks).toEqual(["circle-packing", "decrypto"]);
    expect(table.cells).toHaveLength(4);
    for (const cell of table.cells) expect(cell.ci[0]).toBeLessThanOrEqual(cell.mean);
    // The weaker packer loses on every shared sample of circle packing.
    const packingPair = table.paired.find((p) => p.task === "circle-packing")!;
    expect(packingPair.a).toBe("anthropic:local-claude");
    expect(packingPair.mean).toBeLessThan(0);
    const page = readFileSync(join(out, "eval-view.html"), "utf8");
    expect(page).toContain("<table class=grid");
    // Log paths are relative to the page, so a shared page names no folder of this machine.
    expect(page).toMatch(/log: [\w.-]+\.eval\.jsonl/);
    expect(page).not.toContain(out);
  }, 300_000);

  it("a provider that fails every third call: retried, every sample scored; one that always refuses: each sample's error", async () => {
    const flaky = await startOpenAIServer((request, index) =>
      index % 3 === 2 ? { error: { status: 500, message: "overloaded" } } : reply(request),
    );
    const refusing = await startAnthropicServer(() => ({ error: { status: 400, message: "no such model" } }));
    try {
      const out = mkdtempSync(join(tmpdir(), "ha-eval-flaky-"));
      const io = memoryIo({
        env: { ...env, OPENAI_BASE_URL: flaky.baseURL, ANTHROPIC_BASE_URL: refusing.baseURL },
      });
      const args = [
        "eval",
        "--task",
        "circle-packing,decrypto",
        "--model",
        "openai:flaky",
        "--model",
        "anthropic:refusing",
        "--limit",
        "1",
        "--seeds",
        "1",
        "--games",
        "1",
        "--out",
        out,
      ];
      expect(await main(args, io), io.err).toBe(0);
      const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as {
        cells: { task: string; model: string; samples: number; errors: number }[];
      };
      const cell = (task: string, model: string) =>
        results.cells.find((c) => c.task === task && c.model === model)!;
      expect(cell("circle-packing", "openai:flaky")).toMatchObject({ samples: 1, errors: 0 });
      expect(cell("decrypto", "openai:flaky")).toMatchObject({ samples: 2, errors: 0 });
      // Every third request failed and was asked again.
      expect(flaky.requests.length).toBeGreaterThanOrEqual(3);
      expect(cell("circle-packing", "anthropic:refusing")).toMatchObject({ samples: 1, errors: 1 });
      expect(cell("decrypto", "anthropic:refusing")).toMatchObject({ samples: 2, errors: 2 });
      const refused = logLines(join(out, "circle-packing.anthropic_refusing.eval.jsonl")).find(
        (line) => line.type === "sample",
      )!;
      expect(refused.error).toMatch(/no such model/);
      // A sample the model failed is tried again on a rerun; the scored ones are not.
      const before = [flaky.requests.length, refusing.requests.length];
      expect(await main(args, memoryIo({ env: io.env as Record<string, string> })), io.err).toBe(0);
      expect(flaky.requests.length).toBe(before[0]);
      expect(refusing.requests.length).toBeGreaterThan(before[1]!);
    } finally {
      await flaky.close();
      await refusing.close();
    }
  }, 300_000);

  it("--budget-usd stops starting samples once the logs cost that much; a rerun with more finishes", async () => {
    const out = mkdtempSync(join(tmpdir(), "ha-eval-budget-"));
    const args = (budget: string) => [
      "eval",
      "--task",
      "circle-packing",
      "--model",
      "openai:gpt-4o-mini",
      "--concurrency",
      "1",
      "--budget-usd",
      budget,
      "--out",
      out,
    ];
    const asked = openai.requests.length;
    const io = memoryIo({ env });
    expect(await main(args("0.000001"), io), io.err).toBe(0);
    // The first sample is what reaches the budget (gpt-4o-mini is priced); the other three wait.
    expect(openai.requests.length - asked).toBe(1);
    expect(io.err).toMatch(
      /--budget-usd 0\.000001 reached \(\$0\.\d+\): 3 samples not run; rerun with a larger budget/,
    );
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as { stopped?: string };
    expect(results.stopped).toBe("budget");
    const more = memoryIo({ env });
    expect(await main(args("10"), more), more.err).toBe(0);
    expect(openai.requests.length - asked).toBe(4);
    expect(more.err).toMatch(/over 4 samples \(0 errors, 1 from the log\)/);
  }, 300_000);

  it("--seeds N runs each instance N times; the task's figures count each instance once", async () => {
    const out = mkdtempSync(join(tmpdir(), "ha-eval-seeds-"));
    const io = memoryIo();
    const code = await main(
      [
        "eval",
        "--task",
        "circle-packing",
        "--model",
        "offline",
        "--limit",
        "1",
        "--seeds",
        "2",
        "--out",
        out,
      ],
      io,
    );
    expect(code, io.err).toBe(0);
    const samples = logLines(join(out, "circle-packing.offline.eval.jsonl")).filter(
      (l) => l.type === "sample",
    );
    expect(samples.map((s) => [s.instance, s.seed]).sort()).toEqual([
      ["test-n27", 0],
      ["test-n27", 1],
    ]);
    expect(io.err.match(/^n = 27: /gm)).toHaveLength(1);
  }, 120_000);

  it("a SIGKILL mid-run loses only the samples in flight: the rerun asks only for the rest", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first three answers come at once; the rest wait until the process has been killed.
    const server = await startOpenAIServer(async (request, index) => {
      if (index >= 3) await held;
      return reply(request);
    });
    const out = mkdtempSync(join(tmpdir(), "ha-eval-kill-"));
    const log = join(out, "circle-packing.openai_local-gpt.eval.jsonl");
    const args = [
      "eval",
      "--task",
      "circle-packing",
      "--model",
      "openai:local-gpt",
      "--seeds",
      "3",
      "--out",
      out,
    ];
    try {
      const child = spawn(process.execPath, ["--no-node-snapshot", bin, ...args, "--concurrency", "1"], {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, ...env, OPENAI_BASE_URL: server.baseURL },
      });
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += String(chunk);
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on("exit", (_code, signal) => resolve(signal)),
      );
      // Wait until three samples are in the log and the fourth request is held.
      await vi.waitFor(
        () => {
          expect(existsSync(log) ? logLines(log).filter((l) => l.type === "sample").length : 0, stderr).toBe(
            3,
          );
          expect(server.requests.length).toBe(4);
        },
        { timeout: 120_000, interval: 100 },
      );
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
      release();
      const asked = server.requests.length;
      const io = memoryIo({ env: { ...env, OPENAI_BASE_URL: server.baseURL } });
      expect(await main(args, io), io.err).toBe(0);
      // 4 instances × 3 seeds = 12 samples; 3 were scored before the kill.
      expect(server.requests.length - asked).toBe(9);
      const samples = logLines(log).filter((l) => l.type === "sample");
      expect(samples).toHaveLength(12);
      expect(new Set(samples.map((s) => `${s.instance}/${s.seed}`)).size).toBe(12);
      expect(io.err).toMatch(/over 12 samples \(0 errors, 3 from the log\)/);
    } finally {
      release();
      await server.close();
    }
  }, 300_000);
});
