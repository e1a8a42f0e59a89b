/** Naive baseline: the share of words the two sentences have in common (Jaccard overlap). */
import { readSplit, writeSubmission } from "hyperagents/solution";

const words = (text: unknown): Set<string> =>
  new Set(
    String(text)
      .toLowerCase()
      .match(/[a-z]+/g) ?? [],
  );
const test = await readSplit("test");
await writeSubmission(
  test.map((row) => {
    const [a, b] = [words(row.sentence_A), words(row.sentence_B)];
    const shared = [...a].filter((word) => b.has(word)).length;
    return { relatedness_score: shared / (a.size + b.size - shared) };
  }),
  ["relatedness_score"],
);
