import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type RecordedRequest, startOpenAIServer } from "../testing/index.js";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

/** A model that edits one constant per meta step and answers the task with a value. */
function provider(request: RecordedRequest) {
  const body = request.body as { tools?: unknown[]; messages: unknown[] };
  const text = JSON.stringify(body.messages);
  if (body.tools && body.tools.length > 0) {
    const results = (text.match(/"role":"tool"/g) ?? []).length;
    if (results === 0) {
      return {
        toolCalls: [
          { name: "create", arguments: { path: "notes.md", content: `step ${text.length % 97}\n` } },
        ],
      };
    }
    return { text: "done" };
  }
  return { text: '```json\n{"circles": []}\n```' };
}

describe("evolve --cache", () => {
  it("records a run through a provider and replays it with no server and no key", {
    timeout: 120_000,
  }, async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-cli-cache-"));
    const server = await startOpenAIServer(provider);
    const record = memoryIo({
      cwd: root,
      env: { OPENAI_API_KEY: "sk-rec", OPENAI_BASE_URL: server.baseURL },
    });
    const args = [
      "evolve",
      "--task",
      "circle-packing",
      "--model",
      "openai:gpt-4o-mini",
      "--generations",
      "2",
      "--json",
    ];
    expect(await main([...args, "--out", "recorded", "--cache", "cassette"], record), record.err).toBe(0);
    await server.close();

    const replay = memoryIo({ cwd: root, env: {} });
    const code = await main(
      [...args, "--out", "replayed", "--cache", "cassette", "--cache-mode", "replay"],
      replay,
    );
    expect(code, replay.err).toBe(0);
    const a = JSON.parse(record.out) as { archiveSize: number; bestScore: number };
    const b = JSON.parse(replay.out) as { archiveSize: number; bestScore: number };
    expect(b.archiveSize).toBe(a.archiveSize);
    expect(b.bestScore).toBe(a.bestScore);
    expect(readFileSync(join(root, "replayed", "summary.json"), "utf8")).toContain('"reason": "done"');

    const miss = memoryIo({ cwd: root, env: {} });
    const missed = await main(
      [...args, "--generations", "3", "--out", "longer", "--cache", "cassette", "--cache-mode", "replay"],
      miss,
    );
    // The third generation's requests were never recorded: the run stops and says so, rather
    // than blaming the meta agent for a failed call.
    expect(missed).toBe(2);
    expect(miss.err).toMatch(/No recorded response for request [0-9a-f]+/);
    expect(miss.err).toMatch(/cache mode "record"/);
  });

  it("a key the provider refuses stops the run at once, with the provider's reason", {
    timeout: 60_000,
  }, async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-cli-401-"));
    const server = await startOpenAIServer(() => ({
      error: { status: 401, message: "Incorrect API key provided" },
    }));
    try {
      const io = memoryIo({ cwd: root, env: { OPENAI_API_KEY: "sk-bad", OPENAI_BASE_URL: server.baseURL } });
      const code = await main(
        [
          "evolve",
          "--task",
          "circle-packing",
          "--model",
          "openai:gpt-4o-mini",
          "--generations",
          "3",
          "--out",
          "run",
        ],
        io,
      );
      expect(code).toBe(2);
      expect(io.err).toMatch(/OPENAI_API_KEY/);
      // One call per instance of the initial evaluation at most: no child was attempted.
      expect(server.requests.length).toBeLessThanOrEqual(3);
    } finally {
      await server.close();
    }
  });
});
