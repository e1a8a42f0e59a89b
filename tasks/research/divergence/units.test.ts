import { describe, expect, it } from "vitest";
import { DEFAULT_DETECTOR, detectDivergence } from "./kit/detector.js";
import { entropies, learnedThreshold } from "./kit/entropy.js";
import { CLEAN, noiseCount, noisySequence } from "./kit/noise.js";
import { deriveSeed, seededRandom } from "./kit/random.js";
import { learningRate, MITIGATED_RECIPE, PLAIN_RECIPE, parseRecipe, recipeProblem } from "./kit/recipe.js";
import { entropyFloor, makeLanguage } from "./kit/text.js";
import { wilsonInterval } from "./kit/wilson.js";

/** A clean stream of distinct large ids, so noise (small ids) and order are both visible. */
const counter = (n: number) => Array.from({ length: n }, (_, i) => 1000 + i);

describe("noise injection", () => {
  it("makes exactly round(α·n) noise tokens, from the noise vocabulary, in both modes", () => {
    for (const mode of ["insertion", "overwrite"] as const)
      for (const fraction of [0, 0.15, 0.3, 0.55])
        for (const length of [17, 33])
          for (let s = 0; s < 5; s++) {
            const random = seededRandom(deriveSeed(s, mode, fraction, length));
            const { tokens, isNoise } = noisySequence(
              counter,
              length,
              { mode, noiseVocab: 5, fraction },
              random,
            );
            expect(tokens).toHaveLength(length);
            expect(isNoise.filter((x) => x === 1)).toHaveLength(noiseCount(length, fraction));
            expect(noiseCount(length, fraction)).toBe(Math.round(fraction * length));
            tokens.forEach((t, i) => {
              if (isNoise[i] === 1) expect(t).toBeLessThan(5);
              else expect(t).toBeGreaterThanOrEqual(1000);
            });
          }
  });

  it("insertion keeps the clean text in order; overwrite keeps clean tokens in their places", () => {
    const random = seededRandom(3);
    const inserted = noisySequence(counter, 40, { mode: "insertion", noiseVocab: 1, fraction: 0.3 }, random);
    const kept = inserted.tokens.filter((_, i) => inserted.isNoise[i] === 0);
    expect(kept).toEqual(counter(kept.length));
    const over = noisySequence(counter, 40, { mode: "overwrite", noiseVocab: 32, fraction: 0.3 }, random);
    over.tokens.forEach((t, i) => {
      if (over.isNoise[i] === 0) expect(t).toBe(1000 + i);
    });
    expect(noisySequence(counter, 10, CLEAN, random).tokens).toEqual(counter(10));
  });

  it("a restricted noise vocabulary of 1 emits only token 0", () => {
    const { tokens, isNoise } = noisySequence(
      counter,
      50,
      { mode: "insertion", noiseVocab: 1, fraction: 0.5 },
      seededRandom(9),
    );
    expect(tokens.filter((_, i) => isNoise[i] === 1).every((t) => t === 0)).toBe(true);
  });
});

describe("divergence detector", () => {
  const falling = Array.from({ length: 200 }, (_, i) => 4 * Math.exp(-i / 50) + 1);

  it("passes a falling loss curve with no spike", () => {
    expect(detectDivergence(falling)).toEqual({ diverged: false, at: -1, reason: "none", spikes: 0 });
  });

  it("declares a non-finite loss at its step", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const curve = [...falling.slice(0, 20), bad, 1];
      expect(detectDivergence(curve)).toMatchObject({ diverged: true, at: 20, reason: "non-finite loss" });
    }
  });

  it("declares a sustained rise once the EMA has stayed δ above the running minimum for the window", () => {
    const curve = [...Array(50).fill(1), ...Array(100).fill(4)];
    const verdict = detectDivergence(curve);
    // EMA after k steps at 4: 4 − 3·0.9^k exceeds 1 + 1 from k = 4 (the 54th step, index 53).
    expect(verdict).toMatchObject({ diverged: true, reason: "sustained rise" });
    expect(verdict.at).toBe(53 + DEFAULT_DETECTOR.window - 1);
  });

  it("counts a recovered rise as a spike, not a divergence", () => {
    const curve = [...Array(50).fill(1), ...Array(5).fill(6), ...Array(100).fill(1)];
    expect(detectDivergence(curve)).toEqual({ diverged: false, at: -1, reason: "none", spikes: 1 });
    // A rise still short of the window at the end is a spike too.
    expect(detectDivergence([...Array(50).fill(1), ...Array(10).fill(5)]).spikes).toBe(1);
    // Twice the window of exceedance is a divergence even if it recovers later.
    const long = [...Array(50).fill(1), ...Array(80).fill(6), ...Array(50).fill(1)];
    expect(detectDivergence(long).diverged).toBe(true);
  });
});

describe("Wilson interval", () => {
  it("matches known 95% values", () => {
    const cases: [number, number, number, number][] = [
      [0, 10, 0, 0.2775],
      [5, 10, 0.2366, 0.7634],
      [10, 10, 0.7225, 1],
      [1, 3, 0.0615, 0.7923],
      [12, 12, 0.7575, 1],
      [81, 263, 0.2553, 0.3662],
    ];
    for (const [k, n, low, high] of cases) {
      const w = wilsonInterval(k, n);
      expect(w.p).toBeCloseTo(k / n, 12);
      expect(w.low).toBeCloseTo(low, 3);
      expect(w.high).toBeCloseTo(high, 3);
    }
  });

  it("rejects impossible counts", () => {
    expect(() => wilsonInterval(4, 3)).toThrow(/successes <= n/);
    expect(() => wilsonInterval(-1, 3)).toThrow();
    expect(wilsonInterval(0, 0)).toMatchObject({ low: 0, high: 1 });
  });
});

describe("recipes", () => {
  it("fills missing fields from the plain recipe and accepts JSON text", () => {
    expect(parseRecipe({})).toEqual(PLAIN_RECIPE);
    expect(parseRecipe('{"qkNorm":true,"zLoss":0.0001}')).toEqual({
      ...PLAIN_RECIPE,
      qkNorm: true,
      zLoss: 1e-4,
    });
    expect(parseRecipe(JSON.stringify(MITIGATED_RECIPE))).toEqual(MITIGATED_RECIPE);
  });

  it("names what is wrong with an invalid recipe", () => {
    expect(recipeProblem([])).toMatch(/JSON object/);
    expect(recipeProblem({ lr: 0 })).toMatch(/unknown recipe field 'lr'/);
    expect(recipeProblem({ qkNorm: "yes" })).toMatch(/'qkNorm' must be true or false/);
    expect(recipeProblem({ zLoss: -1 })).toMatch(/'zLoss' must be in \[0, 0.1\]/);
    expect(recipeProblem({ warmupFraction: 0.9 })).toMatch(/warmupFraction/);
    expect(recipeProblem({ minLrFraction: 0 })).toMatch(/minLrFraction/);
    expect(recipeProblem({ clipNorm: 0.001 })).toMatch(/or 0 \(off\)/);
    expect(recipeProblem({ schedule: "linear" })).toMatch(/constant/);
    expect(recipeProblem({ beta2: Number.NaN })).toMatch(/finite/);
    expect(() => parseRecipe("{qkNorm: true")).toThrow(/not JSON/);
  });

  it("cannot starve training: every valid schedule keeps half the peak learning rate on average", () => {
    const steps = 150;
    const worst = { ...PLAIN_RECIPE, warmupFraction: 0.5, schedule: "cosine" as const, minLrFraction: 0.1 };
    const rates = Array.from({ length: steps }, (_, s) => learningRate(worst, 0.1, s, steps));
    expect(Math.min(...rates)).toBeGreaterThan(0);
    expect(Math.max(...rates)).toBeCloseTo(0.1, 9);
    expect(rates.reduce((a, b) => a + b, 0) / steps).toBeGreaterThan(0.05);
    expect(rates[steps - 1]).toBeCloseTo(0.01, 9);
    expect(learningRate(PLAIN_RECIPE, 0.1, 0, steps)).toBe(0.1);
  });
});

describe("synthetic text", () => {
  it("has a learnable structure: floor < previous-token entropy < unigram entropy ≤ log V", () => {
    const language = makeLanguage(11, 32, 4);
    const e = entropies(language, CLEAN, 32);
    const floor = entropyFloor(language);
    expect(floor).toBeLessThan(e.bigram - 0.5);
    expect(e.bigram).toBeLessThan(e.unigram - 0.5);
    expect(e.unigram).toBeLessThanOrEqual(Math.log(32) + 1e-9);
    expect(learnedThreshold(e, 0.5)).toBeCloseTo((e.unigram + e.bigram) / 2, 12);
    // Noise over the full vocabulary blurs the context: the previous token tells less.
    const noisy = entropies(language, { mode: "overwrite", noiseVocab: 32, fraction: 0.3 }, 32);
    expect(noisy.bigram).toBeGreaterThan(e.bigram);
  });
});
