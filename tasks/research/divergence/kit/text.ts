/**
 * Synthetic "text": a sparse order-2 Markov chain over a small vocabulary. The context of the next
 * token is the previous token and the class (id mod `classes`) of the one before; each context
 * allows a few successors with random probabilities. The text has a known entropy floor that a
 * model reaches only by looking two tokens back, and few enough contexts to learn in a few hundred
 * steps.
 */
import { deriveSeed, randomInt, seededRandom } from "./random.js";

export interface Language {
  vocab: number;
  classes: number;
  /** successors[(a mod classes) * vocab + b]: the allowed next tokens after (a, b), with their probabilities. */
  successors: { tokens: number[]; probs: number[] }[];
}

/** Successors per context: sparse enough to be learnable, dense enough to keep some entropy. */
export const BRANCHING = 3;

/** The language a seed defines (the same for every run of the task). */
export function makeLanguage(seed: number, vocab: number, classes: number): Language {
  const random = seededRandom(deriveSeed(seed, "language"));
  const successors = Array.from({ length: classes * vocab }, () => {
    const tokens: number[] = [];
    while (tokens.length < BRANCHING) {
      const t = randomInt(random, vocab);
      if (!tokens.includes(t)) tokens.push(t);
    }
    const weights = tokens.map(() => 0.2 + random());
    const total = weights.reduce((a, b) => a + b, 0);
    return { tokens, probs: weights.map((w) => w / total) };
  });
  return { vocab, classes, successors };
}

/** The next token after (a, b). */
export function nextToken(language: Language, a: number, b: number, random: () => number): number {
  const { tokens, probs } = language.successors[(a % language.classes) * language.vocab + b]!;
  let u = random();
  for (let i = 0; i < tokens.length - 1; i++) {
    u -= probs[i]!;
    if (u < 0) return tokens[i]!;
  }
  return tokens[tokens.length - 1]!;
}

/** A clean sequence of `length` tokens, started from a uniformly random pair. */
export function cleanSequence(language: Language, length: number, random: () => number): number[] {
  const out = [randomInt(random, language.vocab), randomInt(random, language.vocab)];
  while (out.length < length)
    out.push(nextToken(language, out[out.length - 2]!, out[out.length - 1]!, random));
  return out.slice(0, length);
}

/**
 * The conditional entropy (nats) of the next token, averaged over contexts weighted by how often
 * they occur in long sequences (estimated by sampling): the floor of the clean loss.
 */
export function entropyFloor(language: Language, samples = 20_000): number {
  const random = seededRandom(deriveSeed(1, "entropy"));
  let a = 0;
  let b = 1;
  let total = 0;
  for (let i = 0; i < samples; i++) {
    const { probs } = language.successors[(a % language.classes) * language.vocab + b]!;
    total -= probs.reduce((sum, p) => sum + p * Math.log(p), 0);
    const c = nextToken(language, a, b, random);
    a = b;
    b = c;
  }
  return total / samples;
}
