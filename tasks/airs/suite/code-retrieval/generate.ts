/**
 * Code retrieval (mirrors CodeXGLUE AdvTest): small Python functions with obfuscated names
 * (`def Func(arg_0, ...)`), and for each a natural-language query paraphrasing what it does with
 * synonyms. Each row holds one query and one corpus entry (`code_id`, `code`); the split's codes
 * form its search corpus, and `id` is the corpus entry the row's query describes.
 */

import { deriveSeed, seededRandom, shuffled } from "../../../../sdk/internal/random.js";
import type { AirsGenerator, Row } from "../../format.js";
import { CODE_LINES, FILLERS, OBJECTS, QUALIFIERS, QUERY_TEMPLATES, VERBS, type Word } from "./vocabulary.js";

const SIZES = { train: 2000, validation: 500, test: 500 } as const;
/** Code ids of a split start here, so ids never repeat across splits. */
const ID_BASE = { train: 0, validation: 10_000, test: 20_000 } as const;

type Split = keyof typeof SIZES;
type Concept = readonly [verb: number, object: number, qualifier: number];

function allConcepts(): Concept[] {
  const concepts: Concept[] = [];
  for (let v = 0; v < VERBS.length; v++)
    for (let o = 0; o < OBJECTS.length; o++)
      for (let q = 0; q < QUALIFIERS.length; q++) concepts.push([v, o, q]);
  return concepts;
}

function makePair(concept: Concept, random: () => number): { query: string; code: string } {
  const choose = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const [verb, object, qualifier] = [VERBS[concept[0]]!, OBJECTS[concept[1]]!, QUALIFIERS[concept[2]]!];
  const fill = (template: string, forms: (word: Word) => readonly string[]): string =>
    template
      .replaceAll("{v}", choose(forms(verb)))
      .replaceAll("{o}", choose(forms(object)))
      .replaceAll("{q}", choose(forms(qualifier)))
      .replaceAll("{x}", choose(FILLERS));
  const query = fill(choose(QUERY_TEMPLATES), (word) => word.text);
  const sentence = query.charAt(0).toUpperCase() + query.slice(1);
  // Two to four lines that between them use the verb, the object and the qualifier.
  let lines: string[] = [];
  const covers = (chosen: string[]): boolean =>
    ["{v}", "{o}", "{q}"].every((slot) => chosen.join().includes(slot));
  while (!covers(lines)) lines = shuffled(CODE_LINES, random).slice(0, 2 + Math.floor(random() * 3));
  const body = lines.map((line) => `    ${fill(line, (word) => word.code)}`).join("\n");
  const code = `def Func(arg_0, arg_1=None):\n${body}\n    return arg_2`;
  return { query: sentence, code };
}

function split(name: Split, concepts: readonly Concept[], seed: number): Row[] {
  const random = seededRandom(deriveSeed(seed, "code-retrieval", name));
  const pairs = concepts.map((concept) => makePair(concept, random));
  // Corpus order is a separate permutation: row r holds query r and code of pair order[r].
  const order = shuffled(
    pairs.map((_, i) => i),
    random,
  );
  const codeIdOfPair = new Map(order.map((pair, row) => [pair, ID_BASE[name] + row]));
  return pairs.map((pair, row) => ({
    query: pair.query,
    code_id: ID_BASE[name] + row,
    code: pairs[order[row]!]!.code,
    id: codeIdOfPair.get(row)!,
  }));
}

export const generate: AirsGenerator = (seed) => {
  const concepts = shuffled(allConcepts(), seededRandom(deriveSeed(seed, "code-retrieval", "concepts")));
  const train = split("train", concepts.slice(0, SIZES.train), seed);
  const validation = split("validation", concepts.slice(SIZES.train, SIZES.train + SIZES.validation), seed);
  const testWithLabels = split(
    "test",
    concepts.slice(SIZES.train + SIZES.validation).slice(0, SIZES.test),
    seed,
  );
  return {
    train,
    validation,
    test: testWithLabels.map(({ query, code_id, code }) => ({ query, code_id, code })),
    testWithLabels,
  };
};
