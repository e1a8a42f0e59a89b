/**
 * Sentence relatedness (mirrors SICK relatedness): pairs of sentences from a small grammar, the
 * second a rewrite of the first (synonyms, negation, swapped roles, replaced words) or unrelated.
 * The score (1-5) is the pair's semantic distance by the generator's own meaning representation,
 * plus Gaussian rater noise (sigma 0.35), rounded to one decimal and kept in [1, 5].
 */

import { deriveSeed, seededRandom } from "../../../../sdk/internal/random.js";
import type { AirsGenerator, Row } from "../../format.js";
import { ADJECTIVES, AGENTS, type Concept, PLACES, THINGS, VERBS } from "./lexicon.js";

const SIZES = { train: 4000, validation: 800, test: 2000 } as const;
export const NOISE_SIGMA = 0.35;

/** A sentence's meaning: concept indices (-1 = absent) and polarity. */
interface Meaning {
  agent: number;
  agentAdj: number;
  verb: number;
  /** Index into THINGS, or into AGENTS when `objectIsAgent`. */
  object: number;
  objectIsAgent: boolean;
  objectAdj: number;
  place: number;
  negated: boolean;
}

type Random = () => number;
const int = (random: Random, n: number): number => Math.floor(random() * n);
const maybe = (random: Random, p: number, n: number): number => (random() < p ? int(random, n) : -1);
const other = (random: Random, n: number, not: number): number => (not + 1 + int(random, n - 1)) % n;

function randomMeaning(random: Random): Meaning {
  const objectIsAgent = random() < 0.35;
  return {
    agent: int(random, AGENTS.length),
    agentAdj: maybe(random, 0.5, ADJECTIVES.length),
    verb: int(random, VERBS.length),
    object: int(random, objectIsAgent ? AGENTS.length : THINGS.length),
    objectIsAgent,
    objectAdj: maybe(random, 0.4, ADJECTIVES.length),
    place: maybe(random, 0.5, PLACES.length),
    negated: random() < 0.15,
  };
}

function surface(meaning: Meaning, random: Random): string {
  const form = (concepts: readonly Concept[], i: number): string => {
    const forms = concepts[i]!;
    return forms[int(random, forms.length)]!;
  };
  const phrase = (adj: number, noun: string): string => {
    const words = adj >= 0 ? `${form(ADJECTIVES, adj)} ${noun}` : noun;
    return `${random() < 0.5 ? "the" : /^[aeiou]/.test(words) ? "an" : "a"} ${words}`;
  };
  const subject = phrase(meaning.agentAdj, form(AGENTS, meaning.agent));
  const object = phrase(meaning.objectAdj, form(meaning.objectIsAgent ? AGENTS : THINGS, meaning.object));
  const place = meaning.place >= 0 ? ` ${form(PLACES, meaning.place)}` : "";
  const text = `${subject} is ${meaning.negated ? "not " : ""}${form(VERBS, meaning.verb)} ${object}${place}`;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The second sentence's meaning: one rewrite of the first. */
function rewrite(a: Meaning, random: Random): Meaning {
  const b = { ...a };
  const kind = int(random, 9);
  if (kind === 0 || kind === 1) return b; // a paraphrase: synonyms only
  if (kind === 2) b.negated = !a.negated;
  if (kind === 3 && a.objectIsAgent)
    [b.agent, b.object, b.agentAdj, b.objectAdj] = [a.object, a.agent, a.objectAdj, a.agentAdj];
  if (kind === 3 && !a.objectIsAgent) b.verb = other(random, VERBS.length, a.verb);
  if (kind === 4) b.agent = other(random, AGENTS.length, a.agent);
  if (kind === 5) b.object = other(random, a.objectIsAgent ? AGENTS.length : THINGS.length, a.object);
  if (kind === 6)
    [b.agentAdj, b.objectAdj, b.place] = [
      maybe(random, 0.5, ADJECTIVES.length),
      maybe(random, 0.4, ADJECTIVES.length),
      maybe(random, 0.5, PLACES.length),
    ];
  if (kind === 7)
    [b.verb, b.object] = [
      other(random, VERBS.length, a.verb),
      other(random, a.objectIsAgent ? AGENTS.length : THINGS.length, a.object),
    ];
  if (kind === 8) return randomMeaning(random);
  return b;
}

/** The noiseless relatedness of two meanings, on SICK's 1-5 scale. */
export function relatedness(a: Meaning, b: Meaning): number {
  const swapped =
    a.objectIsAgent &&
    b.objectIsAgent &&
    a.agent === b.object &&
    a.object === b.agent &&
    a.agent !== a.object;
  let score = 5;
  if (swapped) score -= 1.3;
  else {
    if (a.agent !== b.agent) score -= 1.2;
    if (a.object !== b.object || a.objectIsAgent !== b.objectIsAgent) score -= 1.0;
  }
  if (a.verb !== b.verb) score -= 1.4;
  if (a.negated !== b.negated) score -= 1.0;
  if (!swapped && a.agentAdj !== b.agentAdj) score -= 0.3;
  if (!swapped && a.objectAdj !== b.objectAdj) score -= 0.3;
  if (a.place !== b.place) score -= 0.3;
  return Math.max(1, score);
}

function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** The pairs of one split, each with its noiseless relatedness beside the noisy label. */
function pairs(seed: number, split: string, count: number): { row: Row; exact: number }[] {
  const random = seededRandom(deriveSeed(seed, "sentence-similarity", split));
  const out: { row: Row; exact: number }[] = [];
  for (let i = 0; i < count; i++) {
    const a = randomMeaning(random);
    const b = rewrite(a, random);
    const exact = relatedness(a, b);
    const noisy = exact + NOISE_SIGMA * gaussian(random);
    const row = {
      id: `${split}-${i}`,
      sentence_A: surface(a, random),
      sentence_B: surface(b, random),
      relatedness_score: Math.round(Math.min(5, Math.max(1, noisy)) * 10) / 10,
    };
    out.push({ row, exact });
  }
  return out;
}

/** The noiseless relatedness of each test pair: what the noise floor is measured with. */
export function exactTestRelatedness(seed: number): number[] {
  return pairs(seed, "test", SIZES.test).map((pair) => pair.exact);
}

export const generate: AirsGenerator = (seed) => {
  const test = pairs(seed, "test", SIZES.test).map((pair) => pair.row);
  return {
    train: pairs(seed, "train", SIZES.train).map((pair) => pair.row),
    validation: pairs(seed, "validation", SIZES.validation).map((pair) => pair.row),
    test: test.map(({ id, sentence_A, sentence_B }) => ({ id, sentence_A, sentence_B })),
    testWithLabels: test,
  };
};
