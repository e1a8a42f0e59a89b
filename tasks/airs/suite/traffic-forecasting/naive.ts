/** Naive baseline: every forecast day repeats the series' last observed value (naive-1). */
import { readSplit, writeSubmission } from "hyperagents/solution";

const train = await readSplit("train");
const test = await readSplit("test");
const first = train[0] as { target: number[]; label_target: number[] };
const horizon = first.label_target.length - first.target.length;

const rows = test.map((row) => {
  const history = row.target as number[];
  const last = history[history.length - 1] ?? 0;
  return { label_target: [...history, ...new Array<number>(horizon).fill(last)] };
});
await writeSubmission(rows, ["label_target"]);
