/**
 * The yardsticks for "has this run learnt anything": the unigram entropy H1 and the
 * previous-token conditional entropy H2 of a condition's training distribution (noise included),
 * estimated by counting over a large fixed sample. A model that closes part of the H1 → H2 gap on
 * held-out data has learnt context; one stuck near H1 has not, whatever its loss curve's shape.
 */
import type { Noise } from "./noise.js";
import { deriveSeed, seededRandom } from "./random.js";
import type { Language } from "./text.js";
import { makeBatch } from "./train.js";

export interface Entropies {
  unigram: number;
  bigram: number;
}

const cache = new Map<string, Entropies>();

/** H1 and H(next | previous) of the noisy stream, in nats (cached per language and noise). */
export function entropies(language: Language, noise: Noise, context: number, sequences = 6000): Entropies {
  const key = JSON.stringify([
    language.vocab,
    language.classes,
    language.successors[0],
    noise,
    context,
    sequences,
  ]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const random = seededRandom(deriveSeed(5, "entropies"));
  const { inputs, targets } = makeBatch(language, noise, sequences, context, random);
  const v = language.vocab;
  const pairs = new Float64Array(v * v);
  for (let i = 0; i < inputs.length; i++)
    for (let t = 0; t < context; t++) pairs[inputs[i]![t]! * v + targets[i]![t]!]! += 1;
  const n = sequences * context;
  const next = new Float64Array(v);
  const prev = new Float64Array(v);
  for (let a = 0; a < v; a++)
    for (let b = 0; b < v; b++) {
      next[b]! += pairs[a * v + b]!;
      prev[a]! += pairs[a * v + b]!;
    }
  let unigram = 0;
  for (const c of next) if (c > 0) unigram -= (c / n) * Math.log(c / n);
  let bigram = 0;
  for (let a = 0; a < v; a++)
    for (let b = 0; b < v; b++) {
      const c = pairs[a * v + b]!;
      if (c > 0) bigram -= (c / n) * Math.log(c / prev[a]!);
    }
  const result = { unigram, bigram };
  cache.set(key, result);
  return result;
}

/** The held-out loss below which a run counts as having learnt: `gapClosed` of the way from H1 to H2. */
export function learnedThreshold(e: Entropies, gapClosed: number): number {
  return e.unigram - gapClosed * (e.unigram - e.bigram);
}
