/** A seeded PRNG (mulberry32) and the few draws the game needs. Seeds are recorded, not numpy's. */
import { seededRandom } from "../../sdk/internal/random.js";

export type Rng = () => number;

/** mulberry32, shared with the engine's seeded randomness. */
export const createRng: (seed: number) => Rng = seededRandom;

/** Mixes several integers into one seed (so game g of seed s gets its own stream). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

export function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

export function sample<T>(rng: Rng, items: readonly T[], k: number): T[] {
  return shuffle(rng, items).slice(0, k);
}
