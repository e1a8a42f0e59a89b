/**
 * Restaurant review stars (mirrors Yelp review full): reviews made of opinion clauses about
 * aspects (food, service, prices, ...) and neutral sentences. The text fixes an opinion value:
 * the weighted mean of its clauses' polarities (negation reverses and halves a polarity, an
 * intensifier multiplies it by 1.5, the clause after "but" counts twice). The star label (0-4)
 * is that value plus Gaussian noise (sigma 0.35), cut at fixed thresholds.
 */

import { deriveSeed, seededRandom } from "../../../../sdk/internal/random.js";
import type { AirsGenerator, Row } from "../../format.js";
import { ADJECTIVES, ASPECTS, FILLERS, INTENSIFIERS } from "./lexicon.js";

const SIZES = { train: 4000, validation: 1000, test: 2000 } as const;
export const NOISE_SIGMA = 0.35;
/** Opinion-value cut points between 1|2, 2|3, 3|4 and 4|5 stars. */
export const THRESHOLDS: readonly number[] = [-1.1, -0.35, 0.35, 1.1];

type Random = () => number;
const int = (random: Random, n: number): number => Math.floor(random() * n);
const choose = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]!;

function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

interface Clause {
  text: string;
  value: number;
}

/** One opinion clause about an aspect, its polarity drawn around the review's mood. */
function clause(random: Random, mood: number): Clause {
  const polarity = Math.max(-2, Math.min(2, Math.round(mood + gaussian(random))));
  const adjective = choose(random, ADJECTIVES[polarity + 2]!);
  const aspect = choose(random, ASPECTS);
  const verb = aspect.endsWith("s") && aspect !== "wine list" ? "were" : "was";
  const roll = random();
  if (roll < 0.15 && polarity !== 0)
    return { text: `the ${aspect} ${verb} not ${adjective}`, value: -0.5 * polarity };
  if (roll < 0.35)
    return {
      text: `the ${aspect} ${verb} ${choose(random, INTENSIFIERS)} ${adjective}`,
      value: 1.5 * polarity,
    };
  return { text: `the ${aspect} ${verb} ${adjective}`, value: polarity };
}

const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

/** A review's text and its opinion value. */
function review(random: Random): { text: string; value: number } {
  const mood = int(random, 5) - 2;
  const parts: string[] = [];
  let total = 0;
  let weight = 0;
  const opinions = 1 + int(random, 3);
  for (let i = 0; i < opinions; i++) {
    if (random() < 0.3) {
      const [first, second] = [clause(random, mood), clause(random, mood)];
      parts.push(sentence(`${first.text}, but ${second.text}`));
      total += first.value + 2 * second.value;
      weight += 3;
    } else {
      const one = clause(random, mood);
      parts.push(sentence(one.text));
      total += one.value;
      weight += 1;
    }
    if (random() < 0.4) parts.push(choose(random, FILLERS));
  }
  return { text: parts.join(" "), value: total / weight };
}

const stars = (value: number): number => THRESHOLDS.filter((cut) => value > cut).length;

/** The reviews of one split, each with its exact opinion value beside the noisy label. */
function reviews(seed: number, split: string, count: number): { row: Row; value: number }[] {
  const random = seededRandom(deriveSeed(seed, "review-sentiment", split));
  return Array.from({ length: count }, () => {
    const { text, value } = review(random);
    return { row: { text, label: stars(value + NOISE_SIGMA * gaussian(random)) }, value };
  });
}

/** The exact opinion value of each test review: what the best achievable accuracy is computed from. */
export function exactTestValues(seed: number): number[] {
  return reviews(seed, "test", SIZES.test).map((entry) => entry.value);
}

export const generate: AirsGenerator = (seed) => {
  const test = reviews(seed, "test", SIZES.test).map((entry) => entry.row);
  return {
    train: reviews(seed, "train", SIZES.train).map((entry) => entry.row),
    validation: reviews(seed, "validation", SIZES.validation).map((entry) => entry.row),
    test: test.map(({ text }) => ({ text })),
    testWithLabels: test,
  };
};
