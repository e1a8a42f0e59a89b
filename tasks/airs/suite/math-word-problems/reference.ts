/**
 * Reference solution: a bag-of-words softmax classifier (TensorFlow.js) picks which equation
 * template a problem needs, then the equation runs on the problem's numbers. Among the
 * classifier's choices, the most probable one giving a non-negative integer wins.
 */
import type { Scalar } from "@tensorflow/tfjs";
import { loadTf, type Row, readSplit, writeSubmission } from "hyperagents/solution";

const { tf } = await loadTf();
const train = [...(await readSplit("train")), ...(await readSplit("validation"))];
const test = await readSplit("test");

const text = (row: Row): string => `${row.Body} ${row.Question}`;
/** Words and word pairs, numbers replaced by a placeholder. */
function features(row: Row): string[] {
  const words =
    text(row)
      .toLowerCase()
      .replace(/\d+/g, " 0 ")
      .match(/[a-z0-9]+/g) ?? [];
  return [...words, ...words.slice(1).map((word, i) => `${words[i]}_${word}`)];
}
const vocabulary = new Map<string, number>();
for (const row of train)
  for (const f of features(row)) if (!vocabulary.has(f)) vocabulary.set(f, vocabulary.size);
const equations = [...new Set(train.map((row) => String(row.Equation)))];

function encode(rows: readonly Row[]): Float32Array {
  const x = new Float32Array(rows.length * vocabulary.size);
  rows.forEach((row, i) => {
    for (const f of features(row)) {
      const j = vocabulary.get(f);
      if (j !== undefined) x[i * vocabulary.size + j] = 1;
    }
  });
  return x;
}

const xs = tf.tensor2d(encode(train), [train.length, vocabulary.size]);
const ys = tf.oneHot(
  tf.tensor1d(
    train.map((row) => equations.indexOf(String(row.Equation))),
    "int32",
  ),
  equations.length,
);
const w = tf.variable(tf.zeros([vocabulary.size, equations.length]));
const b = tf.variable(tf.zeros([equations.length]));
const optimizer = tf.train.adam(0.05);
for (let step = 0; step < 150; step++) {
  optimizer.minimize(() => {
    const logits = xs.matMul(w).add(b);
    const l2 = w.square().sum().mul(1e-4);
    return tf.losses.softmaxCrossEntropy(ys, logits).add(l2) as Scalar;
  });
}

/** Runs an equation such as "( number0 + number1 ) / number2": products before sums, left to right. */
function execute(equation: string, numbers: readonly number[]): number {
  const tokens = equation.split(" ").filter((token) => token !== "");
  let at = 0;
  const operand = (): number => {
    const token = tokens[at++] ?? "";
    if (token !== "(") return numbers[Number(token.replace("number", ""))] ?? Number.NaN;
    const value = sum();
    at++; // ")"
    return value;
  };
  const product = (): number => {
    let value = operand();
    while (tokens[at] === "*" || tokens[at] === "/")
      value = tokens[at++] === "*" ? value * operand() : value / operand();
    return value;
  };
  const sum = (): number => {
    let value = product();
    while (tokens[at] === "+" || tokens[at] === "-")
      value = tokens[at++] === "+" ? value + product() : value - product();
    return value;
  };
  return sum();
}

const probabilities = tf.softmax(tf.tensor2d(encode(test), [test.length, vocabulary.size]).matMul(w).add(b));
const table = (await probabilities.array()) as number[][];
const answers = test.map((row, i) => {
  const numbers = (text(row).match(/\d+/g) ?? []).map(Number);
  const ranked = equations.map((eq, k) => [eq, table[i]![k]!] as const).sort((p, q) => q[1] - p[1]);
  for (const [equation] of ranked) {
    const value = execute(equation, numbers);
    if (Number.isInteger(value) && value >= 0) return { Answer: value };
  }
  return { Answer: 0 };
});
await writeSubmission(answers, ["Answer"]);
