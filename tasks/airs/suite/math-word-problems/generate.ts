/**
 * Math word problems (mirrors SVAMP): one- to three-step integer problems over ten narrative
 * settings. Each problem's answer is its equation executed on the numbers of its text, so the
 * labels are exact; some problems carry a number that the answer does not use.
 */

import { deriveSeed, seededRandom } from "../../../../sdk/internal/random.js";
import type { AirsGenerator, Row } from "../../format.js";
import { executeEquation, numbersIn } from "./equation.js";
import { type Cast, NAMES, SETTINGS, TEMPLATES } from "./templates.js";

const SIZES = { train: 2000, validation: 500, test: 1000 } as const;

function problems(seed: number, split: string, count: number): Row[] {
  const random = seededRandom(deriveSeed(seed, "math-word-problems", split));
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const people = [int(0, NAMES.length - 1), int(0, NAMES.length - 2), int(0, NAMES.length - 3)];
    const names = NAMES.map((entry) => entry);
    const [a, b, c] = people.map((index) => names.splice(index, 1)[0]!);
    const setting = SETTINGS[int(0, SETTINGS.length - 1)]!;
    const others = SETTINGS.filter((s) => s !== setting)[int(0, SETTINGS.length - 2)]!.items;
    const cast: Cast = { a: a![0], b: b![0], c: c![0], pronoun: a![1], setting, others };
    const problem = TEMPLATES[int(0, TEMPLATES.length - 1)]!(cast, int);
    const answer = executeEquation(problem.equation, numbersIn(`${problem.body} ${problem.question}`));
    if (!Number.isInteger(answer) || answer < 0) throw new Error(`template gave ${answer}: ${problem.body}`);
    rows.push({
      ID: `${split}-${i}`,
      Body: problem.body,
      Question: problem.question,
      Equation: problem.equation,
      Answer: answer,
    });
  }
  return rows;
}

export const generate: AirsGenerator = (seed) => {
  const test = problems(seed, "test", SIZES.test);
  return {
    train: problems(seed, "train", SIZES.train),
    validation: problems(seed, "validation", SIZES.validation),
    test: test.map(({ ID, Body, Question }) => ({ ID, Body, Question })),
    testWithLabels: test.map(({ ID, Body, Question, Answer }) => ({ ID, Body, Question, Answer })),
  };
};
