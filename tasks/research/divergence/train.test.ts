import { beforeAll, describe, expect, it } from "vitest";
import { loadTensorFlow } from "../../../sdk/numeric/index.js";
import type { TF } from "./kit/model.js";
import { CLEAN } from "./kit/noise.js";
import { MITIGATED_RECIPE, PLAIN_RECIPE, type Recipe } from "./kit/recipe.js";
import { makeLanguage } from "./kit/text.js";
import { type RunConfig, trainRun } from "./kit/train.js";

/** A tiny model: a few hundred milliseconds per run. */
const tiny = (lr: number, recipe: Recipe = PLAIN_RECIPE, seed = 1): RunConfig => ({
  shape: { vocab: 16, context: 8, layers: 1, width: 16, heads: 2 },
  batch: 8,
  steps: 40,
  lr,
  noise: { mode: "insertion", noiseVocab: 1, fraction: 0.3 },
  recipe,
  seed,
  language: makeLanguage(3, 16, 2),
  detector: { ema: 0.9, delta: 1, window: 10 },
  diagEvery: 10,
  heldOut: 16,
});

describe("training runs (tiny size, wasm)", () => {
  let tf: TF;
  beforeAll(async () => {
    tf = (await loadTensorFlow({ backend: "wasm" })).tf;
  }, 60_000);

  it("diverges at a very high learning rate and not at a low one", () => {
    const high = trainRun(tf, tiny(30));
    expect(high.verdict.diverged).toBe(true);
    expect(high.losses.length).toBeLessThan(40); // stopped at the verdict
    expect(high.cleanLoss).toBe(Number.POSITIVE_INFINITY);
    const low = trainRun(tf, tiny(0.01));
    expect(low.verdict.diverged).toBe(false);
    expect(low.losses).toHaveLength(40);
    expect(low.losses.slice(-5).reduce((a, b) => a + b) / 5).toBeLessThan(low.losses[0]! - 0.3);
    expect(Number.isFinite(low.heldOutLoss)).toBe(true);
  }, 120_000);

  it("replays a run exactly from its seed, and differs for another seed", () => {
    const a = trainRun(tf, tiny(0.03));
    const b = trainRun(tf, tiny(0.03));
    expect(b.losses).toEqual(a.losses);
    expect(b.heldOutLoss).toBe(a.heldOutLoss);
    expect(trainRun(tf, tiny(0.03, PLAIN_RECIPE, 2)).losses).not.toEqual(a.losses);
  }, 120_000);

  it("records per-layer diagnostics, and QK-norm holds the attention logits down at a high rate", () => {
    const plain = trainRun(tf, { ...tiny(0.3), noise: CLEAN });
    const normed = trainRun(tf, {
      ...tiny(0.3, { ...MITIGATED_RECIPE, clipNorm: 0, warmupFraction: 0, zLoss: 0 }),
      noise: CLEAN,
    });
    for (const run of [plain, normed]) {
      expect(run.diagnostics.map((d) => d.step)).toEqual([0, 10, 20, 30].slice(0, run.diagnostics.length));
      for (const d of run.diagnostics) {
        expect(d.maxAttnLogit).toHaveLength(1);
        // Clean data: no noise keys to attend to; the clean keys carry the overall maximum.
        expect(d.maxAttnLogitNoiseKeys[0]).toBeNaN();
        expect(d.maxAttnLogitCleanKeys[0]).toBeCloseTo(d.maxAttnLogit[0]!, 4);
        expect(d.relUpdate).toHaveLength(1);
        expect(d.maxOutputLogit).toBeGreaterThan(0);
      }
    }
    const peak = (run: typeof plain) => Math.max(...run.diagnostics.flatMap((d) => d.maxAttnLogit));
    expect(peak(normed)).toBeLessThan(peak(plain));
    // With noise, the maximum is over noise keys or over clean keys.
    const noisy = trainRun(tf, tiny(0.03)).diagnostics.at(-1)!;
    expect(Number.isFinite(noisy.maxAttnLogitNoiseKeys[0])).toBe(true);
    expect(Math.max(noisy.maxAttnLogitNoiseKeys[0]!, noisy.maxAttnLogitCleanKeys[0]!)).toBeCloseTo(
      noisy.maxAttnLogit[0]!,
      4,
    );
  }, 120_000);
});
