import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RecordedRequest, type StubServer, startOpenAIServer } from "../testing/index.js";
import type { CliIo } from "./io.js";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

let server: StubServer;

beforeAll(async () => {
  // The embeddings are built once per machine into this cache (about 15 s on 2 cores).
  process.env.HYPERAGENTS_CACHE_DIR = join(tmpdir(), "hyperagents-test-cache-full");
  // An OpenAI-compatible server whose "model" plays fixed hints and one guess.
  server = await startOpenAIServer((request: RecordedRequest) => {
    const messages = (request.body as { messages: { role: string; content: string }[] }).messages;
    const system = messages[0]?.content ?? "";
    if (/You are the Encoder/.test(system))
      return { text: 'Thinking...\nANSWER: {"hints": ["sea", "music", "sand"]}' };
    return { text: 'ANSWER: {"guess": "2-1-3"}' };
  });
}, 60_000);
afterAll(async () => server.close());

describe("hyperagents eval --task decrypto --model openai:…", () => {
  it("plays the model against embedding players through the real openai client and writes the figures", async () => {
    const out = mkdtempSync(join(tmpdir(), "ha-eval-decrypto-"));
    let err = "";
    const io: CliIo = {
      stdout: () => undefined,
      stderr: (text) => {
        err += text;
      },
      env: { OPENAI_API_KEY: "sk-local-never-used", OPENAI_BASE_URL: server.baseURL },
      isTTY: false,
      cwd: process.cwd(),
    };
    const code = await main(
      [
        "eval",
        "--task",
        "decrypto",
        "--model",
        "openai:local-model",
        "--games",
        "2",
        "--seeds",
        "1",
        "--out",
        out,
      ],
      io,
    );
    expect(err).not.toContain("sk-local");
    expect(code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as {
      model: string;
      matchups: { name: string; metrics: { games: number; turns: { mean: number } } }[];
    };
    expect(results.model).toBe("openai:local-model");
    expect(results.matchups.map((m) => m.name)).toEqual([
      "embedding-vs-embedding",
      "model-team-vs-embedding",
      "embedding-vs-model-interceptor",
    ]);
    for (const matchup of results.matchups) {
      expect(matchup.metrics.games).toBe(2);
      expect(matchup.metrics.turns.mean).toBeGreaterThanOrEqual(1);
    }
    expect(server.requests.length).toBeGreaterThan(4);
    expect(err).toMatch(/^model-team-vs-embedding \(.*\): [\d.]+ \(turns\/game ± [\d.]+, 2 games\)/m);
  }, 120_000);

  it("--limit N plays N games per match-up (the model's and the baseline's)", async () => {
    const io = memoryIo({ env: { OPENAI_API_KEY: "sk-local-never-used", OPENAI_BASE_URL: server.baseURL } });
    for (const model of ["openai:local-model", "offline"]) {
      const out = mkdtempSync(join(tmpdir(), "ha-eval-decrypto-limit-"));
      // Without --limit this would be 3 seeds x 32 games per match-up.
      const code = await main(
        ["eval", "--task", "decrypto", "--model", model, "--limit", "3", "--out", out],
        io,
      );
      expect(code, io.err).toBe(0);
      const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as {
        limit?: number;
        matchups: { metrics: { games: number }; games: { seed: number }[] }[];
      };
      expect(results.limit).toBe(3);
      expect(results.matchups.length).toBe(model === "offline" ? 1 : 3);
      for (const matchup of results.matchups) {
        expect(matchup.metrics.games).toBe(3);
        expect(matchup.games.map((g) => g.seed).sort()).toEqual([0, 1, 2]);
      }
    }
  }, 180_000);

  it("--tom runs the theory-of-mind probes in the model's games and reports their scores", async () => {
    const out = mkdtempSync(join(tmpdir(), "ha-eval-decrypto-tom-"));
    const io = memoryIo({ env: { OPENAI_API_KEY: "sk-local-never-used", OPENAI_BASE_URL: server.baseURL } });
    const code = await main(
      [
        "eval",
        "--task",
        "decrypto",
        "--model",
        "openai:local-model",
        "--limit",
        "1",
        "--seeds",
        "1",
        "--tom",
        "--out",
        out,
      ],
      io,
    );
    expect(code, io.err).toBe(0);
    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as {
      tom?: { perspectiveTaking?: { turns: number }; falseBelief?: { countedTurns: number } };
    };
    expect(results.tom?.perspectiveTaking?.turns).toBeGreaterThanOrEqual(1);
    expect(results.tom?.falseBelief).toBeDefined();
    expect(io.err).toMatch(/^ToM perspective taking: [\d.]+ \(match rate\)$/m);
  }, 180_000);
});
