import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cacheDir, loadEmbeddings } from "./embedding-cache.js";
import { type Embeddings, embedText, sharesStem, similarity } from "./embeddings.js";
import { playGame } from "./game.js";
import {
  createEmbeddingDecoder,
  createEmbeddingEncoder,
  createEmbeddingInterceptor,
  hintCandidates,
} from "./players/embedding.js";
import { createRng } from "./rng.js";
import { SIMILAR_PAIRS, testEmbeddings } from "./test-embeddings.js";
import type { Keywords } from "./types.js";

let e: Embeddings;
beforeAll(async () => {
  e = (await testEmbeddings()).embeddings;
}, 120_000);

describe("WordNet embeddings", () => {
  it("rank related pairs well above random pairs", () => {
    const rng = createRng(3);
    const rand = () => e.words[Math.floor(rng() * e.words.length)] as string;
    const related = SIMILAR_PAIRS.map(([a, b]) => similarity(e, a, b));
    const random = SIMILAR_PAIRS.map(() => similarity(e, rand(), rand()));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(related) - mean(random)).toBeGreaterThan(0.25);
    const beats = related.filter((r, i) => r > (random[i] ?? 1)).length / related.length;
    expect(beats).toBeGreaterThan(0.8);
  });

  it("embeds phrases as the mean of their words and unknown words as zeros", () => {
    expect(similarity(e, "dog", "xqzzy")).toBe(0);
    expect(similarity(e, "hunting dog", "dog")).toBeGreaterThan(0.3);
    expect(embedText(e, "dog")).toHaveLength(e.dim);
  });

  it("caches on disk: a second load in a fresh directory key builds, the same key reads", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ha-emb-"));
    try {
      const build = { vocabularySize: 300, contextSize: 300, dim: 8 };
      const first = await loadEmbeddings({ cacheDir: dir, build, progress: () => {} });
      expect(first.buildSeconds).toBeGreaterThan(0);
      expect((await readdir(dir)).sort()).toEqual(
        [
          path.basename(first.file).replace(".f32", ".f32"),
          path.basename(first.file).replace(".f32", ".json"),
        ].sort(),
      );
      const again = await loadEmbeddings({ cacheDir: dir, build, progress: () => {} });
      expect(again).toBe(first);
      expect(cacheDir({ HYPERAGENTS_CACHE_DIR: "/x" })).toBe("/x");
      expect(cacheDir({ XDG_CACHE_HOME: "/y" })).toBe(path.join("/y", "hyperagents"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("embedding players", () => {
  const keywords: Keywords = ["dog", "piano", "bread", "ship"];
  const history = {
    turn: 1,
    miscommunications: 0,
    interceptions: 0,
    codes: [],
    hintsBySlot: [[], [], [], []] as [string[], string[], string[], string[]],
    turns: [],
  };

  it("the encoder's hints point to their own keyword and never give a keyword away", async () => {
    const encoder = createEmbeddingEncoder({ embeddings: e, seed: 1 });
    const { hints } = await encoder.act({ role: "encoder", keywords, code: [2, 4, 1], history });
    [2, 4, 1].forEach((digit, i) => {
      const hint = hints[i] as string;
      expect(keywords.some((k) => sharesStem(hint, k))).toBe(false);
      const own = similarity(e, hint, keywords[digit - 1] as string);
      for (const [j, k] of keywords.entries())
        if (j !== digit - 1) expect(own).toBeGreaterThan(similarity(e, hint, k));
    });
    const decoder = createEmbeddingDecoder({ embeddings: e });
    expect((await decoder.act({ role: "decoder", keywords, hints, history })).guess).toEqual([2, 4, 1]);
  });

  it("the encoder does not repeat a slot's past hints", async () => {
    const encoder = createEmbeddingEncoder({ embeddings: e, seed: 1 });
    const first = await encoder.act({ role: "encoder", keywords, code: [1, 2, 3], history });
    const later = {
      ...history,
      turn: 2,
      hintsBySlot: [[first.hints[0]], [first.hints[1]], [first.hints[2]], []] as [
        string[],
        string[],
        string[],
        string[],
      ],
    };
    const second = await encoder.act({ role: "encoder", keywords, code: [1, 2, 3], history: later });
    for (let i = 0; i < 3; i++) expect(second.hints[i]).not.toBe(first.hints[i]);
  });

  it("the interceptor matches new hints to each slot's past hints", async () => {
    const eve = createEmbeddingInterceptor({ embeddings: e, seed: 1 });
    const past = {
      ...history,
      turn: 2,
      codes: [[1, 2, 3] as const],
      hintsBySlot: [["puppy", "hound"], ["music"], ["flour"], ["boat"]] as [
        string[],
        string[],
        string[],
        string[],
      ],
    };
    expect(
      (await eve.act({ role: "interceptor", hints: ["sail", "terrier", "bread"], history: past })).guess,
    ).toEqual([4, 1, 3]);
  });

  it("self-play is deterministic and ends by the rules", async () => {
    const play = () =>
      playGame({
        seed: 11,
        encoder: createEmbeddingEncoder({ embeddings: e, seed: 11 }),
        decoder: createEmbeddingDecoder({ embeddings: e }),
        interceptor: createEmbeddingInterceptor({ embeddings: e, seed: 11 }),
      });
    const a = await play();
    expect(await play()).toEqual(a);
    expect(a.turns).toBeGreaterThanOrEqual(2);
    expect(a.turns).toBeLessThanOrEqual(8);
  });

  it("gives the task agent candidate hints with similarities to all four keywords", () => {
    const c = hintCandidates(e, keywords, 5);
    expect(c).toHaveLength(4);
    expect(c[0]).toHaveLength(5);
    const top = c[1]?.[0];
    expect(top?.similarity).toHaveLength(4);
    expect(top?.similarity[1]).toBeCloseTo(similarity(e, top?.word ?? "", "piano"), 2);
  });
});
