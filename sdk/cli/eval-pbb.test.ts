/**
 * `hyperagents eval --task pbb` from the command line: offline (the executing oracle, the task's
 * offline scaffold) and with a model through the real `openai` client against the local server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startOpenAIServer } from "../testing/index.js";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const root = mkdtempSync(join(tmpdir(), "ha-eval-pbb-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Results {
  runs: { task: string; model: string; mean: number; samples: number; errors: number }[];
}

describe("hyperagents eval --task pbb", () => {
  it("offline runs the executing oracle: every condition that shows the program is answered exactly", async () => {
    const io = memoryIo();
    const code = await main(
      ["eval", "--task", "pbb", "--limit", "4", "--out", join(root, "oracle"), "--json"],
      io,
    );
    expect(code, io.err).toBe(0);
    const results = JSON.parse(io.out) as Results;
    expect(results.runs[0]).toMatchObject({ task: "pbb", model: "offline", samples: 4, errors: 0 });
    // The first instances show the source in context: the oracle runs it.
    expect(results.runs[0]?.mean).toBe(1);
  }, 120_000);

  it("with a model: the replies are parsed and scored by exact match", async () => {
    const server = await startOpenAIServer([
      { text: "I think it is\n```json\n-1\n```" },
      { text: "no idea" },
    ]);
    try {
      const io = memoryIo({ env: { OPENAI_API_KEY: "sk-test-0123456789", OPENAI_BASE_URL: server.baseURL } });
      const args = ["eval", "--task", "pbb", "--model", "openai:gpt-4o-mini", "--limit", "2"];
      const code = await main([...args, "--concurrency", "1", "--out", join(root, "model"), "--json"], io);
      expect(code, io.err).toBe(0);
      const results = JSON.parse(io.out) as Results;
      // Outputs lie in 0..99: -1 is wrong, and "no idea" has no answer to parse.
      expect(results.runs[0]).toMatchObject({ task: "pbb", samples: 2, mean: 0 });
      expect(results.runs[0]?.errors).toBe(1);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  }, 120_000);
});
