import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { type RecordedRequest, startOpenAIServer } from "../sdk/testing/index.js";

// The tsx loader by absolute URL: the examples run from scratch folders without node_modules.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm")).href;

/** Runs an example as a user would (`node --import tsx examples/X.ts`), from a scratch folder. */
function runExample(
  name: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  const file = fileURLToPath(new URL(`./${name}`, import.meta.url));
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--no-node-snapshot", "--conditions=hyperagents-source", "--import", tsxLoader, file],
      {
        cwd: mkdtempSync(join(tmpdir(), "ha-example-")),
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += String(chunk);
    });
    child.stderr.on("data", (chunk) => {
      out += String(chunk);
    });
    child.on("exit", (code) => resolve({ code, out }));
  });
}

/** n circles of radius r on a grid: a valid, weak packing for the scripted model to answer with. */
function gridPacking(n: number): number[][] {
  const side = Math.ceil(Math.sqrt(n));
  const r = 0.5 / side;
  return Array.from({ length: n }, (_, i) => [
    (2 * (i % side) + 1) * r,
    (2 * Math.floor(i / side) + 1) * r,
    r * 0.99,
  ]);
}

describe("the examples run as written", () => {
  it("test-meta-agent.ts tests a meta agent with a scripted model in the real sandbox", {
    timeout: 60_000,
  }, async () => {
    const { code, out } = await runExample("test-meta-agent.ts");
    expect(code, out).toBe(0);
    expect(out).toContain("meta agent finished: rewrote task_agent.ts");
    expect(out).toContain("return { circles: [] };");
  });

  it("evolution-loop.ts runs three generations offline", { timeout: 120_000 }, async () => {
    const { code, out } = await runExample("evolution-loop.ts");
    expect(code, out).toBe(0);
    expect(out).toMatch(/^g1c0: \d\.\d{4}$/m);
    expect(out).toMatch(/best (initial|g\dc\d) scored 0\.\d+/);
  });

  it("llm-eval.ts evaluates the LLM-driven agent through an OpenAI-compatible server", {
    timeout: 60_000,
  }, async () => {
    const server = await startOpenAIServer((request: RecordedRequest) => {
      const prompt = JSON.stringify(request.body);
      const n = /\\"n\\":(\d+)/.exec(prompt)?.[1];
      return {
        text: `Here is a grid.\n\`\`\`json\n${JSON.stringify({ circles: gridPacking(Number(n ?? 26)) })}\n\`\`\``,
      };
    });
    try {
      const { code, out } = await runExample("llm-eval.ts", {
        OPENAI_BASE_URL: server.baseURL,
        OPENAI_API_KEY: "sk-local",
        MODEL: "openai:local-model",
      });
      expect(code, out).toBe(0);
      expect(out).toMatch(/circle-packing: 0\.\d{3} ± 0\.\d{3} \(0 failures\)/);
      // One request per instance of circle packing's test split (held-out n = 27..30).
      expect(server.requests.length).toBe(4);
    } finally {
      await server.close();
    }
  });
});
