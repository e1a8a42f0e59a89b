import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleProgram, createFileEditor, createSandbox } from "../../sandbox/index.js";
import type { Sandbox } from "../../sandbox/types.js";
import { withMetaEntry } from "../../sdk/evolve/agents.js";
import { circlePackingTask, scorePacking } from "../../tasks/circle-packing/index.js";
import { createDecryptoTask } from "../../tasks/decrypto/task.js";
import { testEmbeddings } from "../../tasks/decrypto/test-embeddings.js";
import type { JsonValue } from "../../tasks/task.js";
import { improve, lineageScores, successRate } from "../offline/meta_agent.js";
import { decrypto as decryptoDefaults } from "../offline/params.js";
import {
  type DecryptoParams,
  decode,
  decodeMatrix,
  encode,
  solveDecrypto,
} from "../offline/strategies/decrypto.js";
import { solve } from "../offline/task_agent.js";
import { parseTunables, perturbNumber, switchChoice, withValue } from "../offline/tunables.js";
import type { MetaData } from "../offline/types.js";
import { changedPaths, copyProgram, OFFLINE_DIR, readProgram, seedMathRandom } from "./program-files.js";

const taskData = { task: { id: circlePackingTask.id, description: circlePackingTask.description } };
const noLlm = { generate: async () => Promise.reject(new Error("offline: no model")) };

function metaData(overrides: Partial<MetaData> = {}): MetaData {
  return {
    nodeId: "child",
    parentId: "parent",
    generation: 1,
    iterationsLeft: 10,
    tasks: [{ id: "circle-packing", description: "" }],
    evaluations: [],
    peers: [],
    ...overrides,
  };
}

function evaluation(nodeId: string, score: number) {
  return { nodeId, taskId: "circle-packing", split: "train", score, instances: [] };
}

describe("tunables", () => {
  const source = [
    "export const a = {",
    '  layout: "grid", // @choice grid|hex|rings',
    "  restarts: 3, // @tune int 1..24",
    "  rate: 0.002, // @tune 0.0002..0.05",
    "  plain: 5,",
    "};",
  ].join("\n");

  it("parses numbers, whole numbers and choices with their group", () => {
    const found = parseTunables(source);
    expect(found.map((t) => [t.kind, t.group, t.name, t.value])).toEqual([
      ["choice", "a", "layout", "grid"],
      ["number", "a", "restarts", 3],
      ["number", "a", "rate", 0.002],
    ]);
  });

  it("perturbs within bounds, to a different value, whole numbers stay whole", () => {
    const restore = seedMathRandom(7);
    try {
      const [, restarts, rate] = parseTunables(source);
      for (let i = 0; i < 200; i++) {
        if (restarts?.kind !== "number" || rate?.kind !== "number") throw new Error("parse failed");
        const r = perturbNumber(restarts, 0.3);
        expect(Number.isInteger(r) && r >= 1 && r <= 24 && r !== 3).toBe(true);
        const x = perturbNumber(rate, 0.3);
        expect(x >= 0.0002 && x <= 0.05 && x !== 0.002).toBe(true);
      }
    } finally {
      restore();
    }
  });

  it("rewrites only the value of a line", () => {
    const [layout, restarts] = parseTunables(source);
    if (layout?.kind !== "choice" || restarts?.kind !== "number") throw new Error("parse failed");
    expect(withValue(restarts, 9)).toBe("  restarts: 9, // @tune int 1..24");
    const next = switchChoice(layout);
    expect(["hex", "rings"]).toContain(next);
    expect(withValue(layout, next)).toBe(`  layout: "${next}", // @choice grid|hex|rings`);
  });
});

describe("lineage statistics", () => {
  it("averages tasks per node, parent first, skipping unscored tasks", () => {
    const evaluations = [
      evaluation("p", 0.9),
      { ...evaluation("p", 0.5), taskId: "decrypto" },
      evaluation("g", 0.6),
      { ...evaluation("g", 0), score: null },
    ];
    expect(lineageScores(evaluations)).toEqual([0.7, 0.6]);
    expect(successRate([0.7, 0.6, 0.65], 5)).toBe(0.5);
    expect(successRate([0.7], 5)).toBeUndefined();
  });
});

describe("offline task agent (plain Node)", () => {
  it("packs 26 circles validly with a ratio above 0.85", async () => {
    const restore = seedMathRandom(1);
    try {
      const value = await solve(
        { n: 26 },
        { data: taskData, llm: noLlm, version: 1 as const, tools: {}, log: () => {} },
      );
      const result = scorePacking(value, 26);
      expect(result.error).toBeUndefined();
      expect(result.score).toBeGreaterThan(0.85);
    } finally {
      restore();
    }
  });

  it("answers an unknown task or a bad input with an error object", async () => {
    const ctx = {
      data: { task: { id: "chess", description: "" } },
      llm: noLlm,
      version: 1 as const,
      tools: {},
      log: () => {},
    };
    expect(await solve({}, ctx)).toMatchObject({ error: expect.stringContaining('task "chess"') });
    expect(await solve({ n: -1 }, { ...ctx, data: taskData })).toMatchObject({
      error: expect.stringContaining("positive integer"),
    });
  });
});

describe("offline meta agent (plain Node, real file editor)", () => {
  async function runMeta(seed: number, data: MetaData) {
    const dir = await copyProgram(OFFLINE_DIR);
    try {
      const before = await readProgram(dir);
      const restore = seedMathRandom(seed);
      let summary: string;
      try {
        summary = await improve({
          files: createFileEditor({ root: dir }),
          llm: noLlm,
          version: 1 as const,
          tools: {},
          log: () => {},
          data,
        });
      } finally {
        restore();
      }
      const after = await readProgram(dir);
      return { before, after, changed: changedPaths(before, after), summary };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it("always edits, keeps the program bundling, and sometimes edits its own policy", async () => {
    let policyEdits = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const { after, changed, summary } = await runMeta(seed, metaData());
      expect(changed.length).toBeGreaterThan(0);
      expect(summary.length).toBeGreaterThan(0);
      expect(changed.every((p) => p === "params.ts" || p === "meta_policy.ts")).toBe(true);
      if (changed.includes("meta_policy.ts")) policyEdits++;
      for (const entry of ["task_agent.ts", "meta_agent.ts"]) {
        const bundle = await bundleProgram(after, entry);
        expect(bundle.ok, `${entry}: ${bundle.ok ? "" : bundle.message}`).toBe(true);
      }
      // Every tunable line is still a valid tunable (same names, values in bounds).
      expect(parseTunables(after["params.ts"]!).map((t) => t.name)).toEqual(
        parseTunables((await readProgram(OFFLINE_DIR))["params.ts"]!).map((t) => t.name),
      );
    }
    expect(policyEdits).toBeGreaterThan(0);
    expect(policyEdits).toBeLessThan(8);
  });

  it("grows the step size after improvements and shrinks it after failures (1/5th rule)", async () => {
    const stepOf = (files: Record<string, string>) =>
      parseTunables(files["meta_policy.ts"]!).find((t) => t.name === "stepScale")?.value as number;
    const improving = await runMeta(
      3,
      metaData({ evaluations: [evaluation("p", 0.95), evaluation("g", 0.9)] }),
    );
    expect(stepOf(improving.after)).toBeGreaterThan(stepOf(improving.before));
    const failing = await runMeta(
      3,
      metaData({ evaluations: [evaluation("p", 0.9), evaluation("g", 0.95)] }),
    );
    expect(stepOf(failing.after)).toBeLessThan(stepOf(failing.before));
  });

  it("takes parameter values from a peer", async () => {
    const original = await readProgram(OFFLINE_DIR);
    const peerParams = original["params.ts"]!.replace(/restarts: \d+,/, "restarts: 17,").replace(
      /layout: "\w+",/,
      'layout: "rings",',
    );
    const peers = [{ nodeId: "peer", score: 0.99, files: { ...original, "params.ts": peerParams } }];
    let adopted = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const { after, summary } = await runMeta(seed, metaData({ peers }));
      if (summary.includes("from peer")) {
        adopted++;
        expect(
          after["params.ts"]!.includes("restarts: 17,") || after["params.ts"]!.includes('layout: "rings",'),
        ).toBe(true);
      }
    }
    expect(adopted).toBeGreaterThan(0);
  });
});

describe("offline program in the real sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = createSandbox();
  });
  afterAll(async () => {
    await sandbox.dispose();
  });

  it("solves circle-packing n = 26 with a valid packing scoring above 0.85", async () => {
    const files = await readProgram(OFFLINE_DIR);
    const result = await sandbox.run({
      files,
      entry: "task_agent.ts",
      export: "solve",
      input: { n: 26 },
      capabilities: { data: taskData },
      limits: { timeoutMs: 20_000 },
      seed: 1,
    });
    expect(result.ok, result.ok ? "" : result.message).toBe(true);
    if (!result.ok) return;
    const scored = scorePacking(result.value, 26);
    expect(scored.error).toBeUndefined();
    expect(scored.score).toBeGreaterThan(0.85);
  });

  it("runs the meta agent on a worktree copy: a non-empty edit that still bundles", async () => {
    const dir = await copyProgram(OFFLINE_DIR);
    try {
      const before = await readProgram(dir);
      const result = await sandbox.run({
        files: withMetaEntry(before),
        entry: "__hyperagents_meta_entry.ts",
        export: "run",
        input: null,
        capabilities: { files: { root: dir }, data: metaData({ evaluations: [evaluation("p", 0.9)] }) },
        limits: { timeoutMs: 20_000 },
        seed: 5,
      });
      expect(result.ok, result.ok ? "" : result.message).toBe(true);
      const after = await readProgram(dir);
      expect(changedPaths(before, after).length).toBeGreaterThan(0);
      expect((await bundleProgram(after, "task_agent.ts")).ok).toBe(true);
      expect((await bundleProgram(after, "meta_agent.ts")).ok).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("offline decrypto strategy", () => {
  const ctx = {
    data: { task: { id: "decrypto", description: "" } },
    llm: noLlm,
    version: 1 as const,
    tools: {},
    log: () => {},
  };
  const profile = (slot: number, own: number) => [0, 1, 2, 3].map((k) => (k === slot ? own : 0.1));
  const candidates = [0, 1, 2, 3].map((slot) => [
    { word: `w${slot}a`, similarity: profile(slot, 0.9) },
    { word: `w${slot}b`, similarity: profile(slot, 0.8) },
  ]);
  const history = (bySlot: string[][], codes: number[][] = []) => ({
    turn: 2,
    codes,
    hintsBySlot: bySlot,
    turns: [],
  });

  it("encodes one hint per code digit, in code order, never repeating a slot's past hint", async () => {
    const input = { role: "encoder", keywords: ["a", "b", "c", "d"], code: [3, 1, 4], candidates };
    expect(await solve({ ...input, history: history([[], [], [], []]) }, ctx)).toEqual({
      hints: ["w2a", "w0a", "w3a"],
    });
    const later = await solve({ ...input, history: history([["w0a"], [], ["w2a"], []]) }, ctx);
    expect(later).toEqual({ hints: ["w2b", "w0b", "w3a"] });
  });

  it("decodes from the similarity matrix and skips codes already played", async () => {
    const similarity = [
      [0.1, 0.2, 0.9, 0.1],
      [0.8, 0.1, 0.1, 0.2],
      [0.1, 0.1, 0.2, 0.7],
    ];
    const input = { role: "decoder", keywords: ["a", "b", "c", "d"], hints: ["x", "y", "z"], similarity };
    expect(await solve({ ...input, history: history([[], [], [], []]) }, ctx)).toEqual({ guess: [3, 1, 4] });
    const replay = await solve({ ...input, history: history([[], [], [], []], [[3, 1, 4]]) }, ctx);
    expect((replay as { guess: number[] }).guess).not.toEqual([3, 1, 4]);
  });

  it("answers an unknown role with an error object", async () => {
    expect(await solve({ role: "interceptor" }, ctx)).toMatchObject({
      error: expect.stringContaining("role"),
    });
  });
});

describe("offline decrypto strategy on a real game (small test embeddings)", () => {
  const ctx = {
    data: { task: { id: "decrypto", description: "" } },
    llm: noLlm,
    version: 1 as const,
    tools: {},
    log: () => {},
  };
  type Turn = { input: Record<string, unknown>; output: unknown };

  /** One game of the real task with the offline strategy as Alice and Bob; every call recorded. */
  async function playRecorded(params?: DecryptoParams) {
    const e = (await testEmbeddings()).embeddings;
    const task = createDecryptoTask({
      embeddings: async () => e,
      instances: { train: 2 },
      gamesPerInstance: 1,
    });
    const turns: Turn[] = [];
    const agent = async (input: JsonValue) => {
      const output = params ? solveDecrypto(input, ctx, params) : await solve(input, ctx);
      turns.push({ input: input as Record<string, unknown>, output });
      return { ok: true as const, value: output as JsonValue };
    };
    const evaluations = [];
    for (const instance of await task.instances("train")) {
      evaluations.push(await task.evaluate(instance, { agent, seed: 0 }));
    }
    return { turns, evaluations };
  }

  it("answers both roles with valid shapes on realistic inputs, never repeating a slot's hint", async () => {
    const restore = seedMathRandom(3);
    try {
      const { turns, evaluations } = await playRecorded();
      expect(turns.some((t) => t.input.role === "encoder")).toBe(true);
      expect(turns.some((t) => t.input.role === "decoder")).toBe(true);
      for (const { input, output } of turns) {
        if (input.role === "encoder") {
          const hints = (output as { hints: string[] }).hints;
          expect(hints).toHaveLength(3);
          expect(new Set(hints).size).toBe(3);
          const bySlot = (input.history as { hintsBySlot: string[][] }).hintsBySlot;
          (input.code as number[]).forEach((digit, i) => {
            expect(typeof hints[i]).toBe("string");
            expect(bySlot[digit - 1]).not.toContain(hints[i]);
          });
        } else {
          const guess = (output as { guess: number[] }).guess;
          expect(new Set(guess).size).toBe(3);
          expect(guess.every((d) => Number.isInteger(d) && d >= 1 && d <= 4)).toBe(true);
          const played = (input.history as { codes: number[][] }).codes.map((c) => c.join());
          expect(played).not.toContain(guess.join());
        }
      }
      for (const evaluation of evaluations) {
        expect(evaluation.error).toBeUndefined();
        expect((evaluation.details as { agentErrors?: unknown }).agentErrors).toBeUndefined();
      }
    } finally {
      restore();
    }
  }, 120_000);

  it("chooses other hints when the encoder's parameters change, and Bob still reads them", async () => {
    const restore = seedMathRandom(3);
    try {
      const { turns } = await playRecorded();
      const tuned: DecryptoParams = {
        ...decryptoDefaults,
        beam: 12,
        candidatePool: 30,
        eveWeight: 5,
        eveSlack: 0.1,
        ownWeight: 0.2,
        openingOwnWeight: -1,
        decoder: "assignment",
        safetyMargin: 0.03,
      };
      let changed = 0;
      for (const { input, output } of turns) {
        if (input.role !== "encoder") continue;
        const hints = (encode(input, tuned) as { hints: string[] }).hints;
        if (hints.join() !== (output as { hints: string[] }).hints.join()) changed++;
        // Alice replays Bob: the similarity rows of her hints decode to the code.
        const table = input.candidates as { word: string; similarity: number[] }[][];
        const rows = hints.map((h) => table.flat().find((c) => c.word === h)?.similarity ?? [0, 0, 0, 0]);
        const played = new Set((input.history as { codes: number[][] }).codes.map((c) => JSON.stringify(c)));
        const bob = decodeMatrix(rows, played, tuned.decoder, input.code as number[]);
        if (bob.margin >= tuned.safetyMargin) expect(bob.guess).toEqual(input.code);
        expect(
          (decode({ similarity: rows, history: input.history }, tuned) as { guess: number[] }).guess,
        ).toEqual(bob.guess);
      }
      expect(changed).toBeGreaterThan(0);
    } finally {
      restore();
    }
  }, 120_000);
});
