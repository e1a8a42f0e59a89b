/** Naive baseline: rank the test corpus in its given order for every query. */
import { readSplit, writeSubmission } from "hyperagents/solution";

const test = await readSplit("test");
const corpus = test.map((row) => Number(row.code_id));
await writeSubmission(
  test.map((row) => ({ query: row.query, rankings: corpus })),
  ["query", "rankings"],
);
