import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpenAIModel } from "../../sdk/llm/openai.js";
import { type RecordedRequest, type StubServer, startOpenAIServer } from "../../sdk/testing/index.js";
import type { Embeddings } from "./embeddings.js";
import { evaluateDecrypto } from "./evaluate.js";
import { meanSem } from "./metrics.js";
import { testEmbeddings } from "./test-embeddings.js";

let e: Embeddings;
let server: StubServer;

beforeAll(async () => {
  e = (await testEmbeddings()).embeddings;
  // A weak model: fixed hints, and always the same guess.
  server = await startOpenAIServer((request: RecordedRequest) => {
    const messages = (request.body as { messages: { role: string; content: string }[] }).messages;
    const system = messages[0]?.content ?? "";
    const prompt = messages.at(-1)?.content ?? "";
    if (/four keywords|Before this reveal|Another interceptor/.test(prompt))
      return { text: 'ANSWER: {"keywords": ["a", "b", "c", "d"]}' };
    if (/You are the Encoder/.test(system) && !/side question/.test(prompt))
      return { text: 'ANSWER: {"hints": ["sea", "music", "sand"]}' };
    return { text: 'ANSWER: {"guess": "1-2-3"}' };
  });
}, 120_000);
afterAll(async () => server.close());

describe("evaluateDecrypto", () => {
  it("plays the baseline, the model as the team and the model as Eve, with ToM figures", async () => {
    const model = createOpenAIModel({
      model: "gpt-4o-mini",
      apiKey: "sk-test-12345678",
      baseURL: server.baseURL,
      env: {},
    });
    const progress: string[] = [];
    const result = await evaluateDecrypto({
      model,
      embeddings: e,
      games: 2,
      seeds: [0, 1],
      tom: true,
      onProgress: ({ matchup, done, total }) => progress.push(`${matchup} ${done}/${total}`),
    });
    expect(result.model).toBe("openai:gpt-4o-mini");
    expect(result.matchups.map((m) => m.name)).toEqual([
      "embedding-vs-embedding",
      "model-team-vs-embedding",
      "embedding-vs-model-interceptor",
    ]);
    for (const m of result.matchups) {
      expect(m.metrics.games).toBe(4);
      expect(m.games.map((g) => g.seed).sort()).toEqual([0, 1, 2, 3]);
      const turns = m.games.map((g) => g.turns);
      expect(m.metrics.turns.mean).toBeCloseTo(turns.reduce((a, b) => a + b, 0) / 4);
      const ends = Object.values(m.metrics.endConditions).reduce((a, b) => a + b, 0);
      expect(ends).toBe(4);
    }
    const team = result.matchups[1];
    // Guessing 1-2-3 every turn is wrong on most codes: the model team loses by miscommunications.
    expect(team?.metrics.miscommunications.mean).toBeGreaterThan(1);
    expect(team?.modelCalls?.calls).toBeGreaterThan(0);
    expect(result.tom?.perspectiveTaking?.turns).toBe(team?.games.reduce((n, g) => n + g.turns, 0));
    expect(result.tom?.falseBelief?.countedTurns).toBeGreaterThan(0);
    expect(result.tom?.falseBelief?.strongRepresentationalChange).toBe(1);
    // Eve's probes: each on a fresh copy of her conversation, before her guess of that turn.
    const probes = server.requests
      .map((r) => (r.body as { messages: { role: string; content: string }[] }).messages)
      .filter((m) => /four keywords|Before this reveal|Another interceptor/.test(m.at(-1)?.content ?? ""));
    expect(probes.length).toBe(3 * (result.tom?.falseBelief?.countedTurns ?? 0));
    for (const messages of probes) {
      const turn = /Turn (\d) of 8/.exec(messages.at(-1)?.content ?? "")?.[1];
      expect(turn).toBeDefined();
      const context = messages.slice(0, -1);
      expect(context.some((m) => m.content.includes(`Turn ${turn} of 8`))).toBe(false);
      expect(context.some((m) => m.role === "assistant" && m.content.includes('"keywords"'))).toBe(false);
    }
    expect(progress).toContain("embedding-vs-model-interceptor 4/4");
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("without a model plays only the baseline, and rejects bad options", async () => {
    const r = await evaluateDecrypto({ embeddings: e, games: 1, seeds: 2 });
    expect(r.matchups).toHaveLength(1);
    expect(r.seeds).toEqual([0, 1]);
    await expect(evaluateDecrypto({ embeddings: e, games: 0 })).rejects.toThrow(/positive integer/);
  });

  it("meanSem gives the standard error of the mean", () => {
    expect(meanSem([2, 4, 6, 8])).toEqual({ mean: 5, sem: Math.sqrt(20 / 3 / 4) });
    expect(meanSem([3])).toEqual({ mean: 3, sem: 0 });
  });
});
