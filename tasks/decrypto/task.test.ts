import { beforeAll, describe, expect, it } from "vitest";
import type { AgentFn, JsonValue } from "../task.js";
import type { Embeddings } from "./embeddings.js";
import { hungarian } from "./hungarian.js";
import { createDecryptoTask } from "./task.js";
import { testEmbeddings } from "./test-embeddings.js";

let e: Embeddings;
beforeAll(async () => {
  e = (await testEmbeddings()).embeddings;
}, 120_000);

type Candidate = { word: string; similarity: number[] };

/** A plain-JS agent that uses only what the input gives: candidates and the similarity matrix. */
const candidateAgent: AgentFn = async (input: JsonValue) => {
  const x = input as {
    role: string;
    code?: number[];
    candidates?: Candidate[][];
    similarity?: number[][];
    history: { hintsBySlot: string[][] };
  };
  if (x.role === "encoder") {
    const hints = (x.code ?? []).map((d) => {
      const used = new Set(x.history.hintsBySlot[d - 1]);
      const list = (x.candidates?.[d - 1] ?? []).filter((c) => !used.has(c.word));
      const margin = (c: Candidate) =>
        (c.similarity[d - 1] ?? 0) - Math.max(...c.similarity.filter((_, i) => i !== d - 1));
      return list.sort((a, b) => margin(b) - margin(a))[0]?.word ?? "pass";
    });
    return { ok: true, value: { hints } };
  }
  const assignment = hungarian((x.similarity ?? []).map((row) => row.map((s) => -s)));
  return { ok: true, value: { guess: assignment.map((j) => j + 1).join("-") } };
};

describe("decryptoTask", () => {
  const task = createDecryptoTask({
    embeddings: async () => e,
    gamesPerInstance: 2,
    instances: { train: 3, val: 2, test: 3 },
  });

  it("has seeded instances per split that hide the seed from the agent", async () => {
    expect(task.id).toBe("decrypto");
    expect(task.description).toMatch(/"candidates"/);
    const train = await task.instances("train");
    expect(train.map((i) => i.id)).toEqual(["train-0", "train-1", "train-2"]);
    expect(JSON.stringify(train[0]?.input)).not.toMatch(/seed/);
    const test = await task.instances("test");
    expect(test[0]?.hidden).not.toEqual(train[0]?.hidden);
  });

  it("scores a candidate agent by the fraction of turns survived, deterministically", async () => {
    const [instance] = await task.instances("val");
    const inputs: JsonValue[] = [];
    const agent: AgentFn = async (input) => {
      inputs.push(input);
      return candidateAgent(input);
    };
    const a = await task.evaluate(instance as never, { agent, seed: 1 });
    expect(a.score).toBeGreaterThan(0);
    expect(a.score).toBeLessThanOrEqual(1);
    const games = (a.details?.games ?? []) as { turns: number; endCondition: string }[];
    expect(games).toHaveLength(2);
    const expected = games.reduce((s, g) => s + (g.endCondition === "survived" ? 8 : g.turns - 1) / 8, 0) / 2;
    expect(a.score).toBeCloseTo(expected);
    const b = await task.evaluate(instance as never, { agent: candidateAgent, seed: 1 });
    expect(b).toEqual(a);
    const enc = inputs.find((i) => (i as { role: string }).role === "encoder") as {
      candidates: Candidate[][];
      code: number[];
    };
    expect(enc.candidates).toHaveLength(4);
    expect(enc.candidates[0]?.[0]?.similarity).toHaveLength(4);
    const dec = inputs.find((i) => (i as { role: string }).role === "decoder") as {
      similarity: number[][];
      code?: unknown;
    };
    expect(dec.similarity).toHaveLength(3);
    expect(dec.code).toBeUndefined();
  });

  it("scores 0 when every call of the agent fails, and falls back on bad replies", async () => {
    const [instance] = await task.instances("train");
    const broken = await task.evaluate(instance as never, {
      agent: async () => ({ ok: false, error: "threw" }),
      seed: 1,
    });
    expect(broken).toMatchObject({ score: 0, error: expect.stringMatching(/threw/) });
    const nonsense = await task.evaluate(instance as never, {
      agent: async () => ({ ok: true, value: 42 }),
      seed: 1,
    });
    // Bob's fallback 0-0-0 is always wrong: two miscommunications end each game on turn 2.
    expect(nonsense.score).toBeCloseTo(1 / 8);
    expect(nonsense.details?.agentErrorCount).toBeGreaterThan(0);
  });
});
