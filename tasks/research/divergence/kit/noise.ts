/**
 * Noise injection as the fact sheet formalises it (§5.2), with exact counts: a sequence of n tokens
 * gets exactly round(fraction · n) noise tokens, each uniform over the noise vocabulary (token ids
 * 0 .. noiseVocab − 1, a restricted vocabulary when small). Insertion keeps the clean order and
 * pushes clean tokens right; overwrite replaces clean tokens in place.
 */
import { randomInt, sampleIndices } from "./random.js";

export type NoiseMode = "insertion" | "overwrite";

export interface Noise {
  mode: NoiseMode;
  /** Size of the noise vocabulary: noise tokens are uniform over ids 0 .. noiseVocab − 1. */
  noiseVocab: number;
  /** Fraction of emitted tokens that are noise, in [0, 1). */
  fraction: number;
}

export const CLEAN: Noise = { mode: "overwrite", noiseVocab: 1, fraction: 0 };

/** How many of n tokens are noise. */
export function noiseCount(n: number, fraction: number): number {
  return Math.round(fraction * n);
}

/**
 * `length` tokens with noise: `clean()` yields the clean stream (called as often as clean tokens
 * are needed). Returns the tokens and a mask (1 where a token is noise).
 */
export function noisySequence(
  clean: (length: number) => number[],
  length: number,
  noise: Noise,
  random: () => number,
): { tokens: number[]; isNoise: number[] } {
  const count = noiseCount(length, noise.fraction);
  const positions = new Set(sampleIndices(random, length, count));
  const isNoise = Array.from({ length }, (_, i) => (positions.has(i) ? 1 : 0));
  const source = clean(noise.mode === "insertion" ? length - count : length);
  const tokens: number[] = [];
  let next = 0;
  for (let i = 0; i < length; i++) {
    if (isNoise[i] === 1) {
      tokens.push(randomInt(random, noise.noiseVocab));
      if (noise.mode === "overwrite") next++;
    } else tokens.push(source[next++]!);
  }
  return { tokens, isNoise };
}
