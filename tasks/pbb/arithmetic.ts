/**
 * Random arithmetic programs: 2–6 steps over x in 0–99. Every step keeps x in 0–99 (addition,
 * subtraction and multiplication wrap modulo 100; division rounds down; modulo, min and max
 * cannot leave the range), so outputs are bounded and exact-match scoring is meaningful.
 */
import type { ArithmeticStep, Program, SimpleStep } from "./types.js";

const MODULUS = 100;

function int(random: () => number, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

function simpleStep(random: () => number): SimpleStep {
  const op = (["add", "sub", "mul"] as const)[int(random, 0, 2)]!;
  return { op, n: op === "mul" ? int(random, 2, 9) : int(random, 1, 99) };
}

function randomStep(random: () => number): ArithmeticStep {
  switch (int(random, 0, 6)) {
    case 0:
    case 1:
      return simpleStep(random);
    case 2:
      return { op: "div", n: int(random, 2, 9) };
    case 3:
      return { op: "mod", n: int(random, 3, 50) };
    case 4:
      return { op: "min", n: int(random, 20, 90) };
    case 5:
      return { op: "max", n: int(random, 10, 80) };
    default:
      return { op: "parity", even: simpleStep(random), odd: simpleStep(random) };
  }
}

function applySimple(step: SimpleStep, x: number): number {
  if (step.op === "add") return (x + step.n) % MODULUS;
  if (step.op === "sub") return (x + MODULUS - step.n) % MODULUS;
  return (x * step.n) % MODULUS;
}

export function applyStep(step: ArithmeticStep, x: number): number {
  switch (step.op) {
    case "div":
      return Math.floor(x / step.n);
    case "mod":
      return x % step.n;
    case "min":
      return Math.min(x, step.n);
    case "max":
      return Math.max(x, step.n);
    case "parity":
      return applySimple(x % 2 === 0 ? step.even : step.odd, x);
    default:
      return applySimple(step, x);
  }
}

function simpleExpression(step: SimpleStep): string {
  if (step.op === "add") return `(x + ${step.n}) % 100`;
  if (step.op === "sub") return `(x + 100 - ${step.n}) % 100`;
  return `(x * ${step.n}) % 100`;
}

/** One statement of valid JavaScript (lowercase only: no Math.*). */
function stepSource(step: ArithmeticStep): string {
  switch (step.op) {
    case "div":
      return `x = (x - x % ${step.n}) / ${step.n};`;
    case "mod":
      return `x = x % ${step.n};`;
    case "min":
      return `x = x < ${step.n} ? x : ${step.n};`;
    case "max":
      return `x = x > ${step.n} ? x : ${step.n};`;
    case "parity":
      return `x = x % 2 == 0 ? ${simpleExpression(step.even)} : ${simpleExpression(step.odd)};`;
    default:
      return `x = ${simpleExpression(step)};`;
  }
}

function simpleEnglish(step: SimpleStep): string {
  if (step.op === "add") return `add ${step.n} to x modulo 100`;
  if (step.op === "sub") return `subtract ${step.n} from x modulo 100`;
  return `multiply x by ${step.n} modulo 100`;
}

function stepEnglish(step: ArithmeticStep): string {
  switch (step.op) {
    case "div":
      return `divide x by ${step.n}, rounding down`;
    case "mod":
      return `replace x by the remainder of x divided by ${step.n}`;
    case "min":
      return `if x is greater than ${step.n}, set x to ${step.n}`;
    case "max":
      return `if x is less than ${step.n}, set x to ${step.n}`;
    case "parity":
      return `if x is even, ${simpleEnglish(step.even)}, otherwise ${simpleEnglish(step.odd)}`;
    default:
      return simpleEnglish(step);
  }
}

export function arithmeticProgram(id: string, name: string, steps: readonly ArithmeticStep[]): Program {
  const source = `function ${name}(x) { ${steps.map(stepSource).join(" ")} return x; }`;
  const english = `${name} takes a number x from 0 to 99. ${steps
    .map((step, i) => `${i === 0 ? "first" : "then"} ${stepEnglish(step)}.`)
    .join(" ")} the result is x.`;
  return {
    id,
    name,
    kind: "arithmetic",
    domain: "number",
    source,
    english,
    spec: { kind: "arithmetic", steps: steps.map((step) => ({ ...step })) },
    run: (input) => {
      if (typeof input !== "number" || !Number.isInteger(input) || input < 0 || input >= MODULUS) {
        throw new RangeError(`${name} takes an integer from 0 to 99, not ${JSON.stringify(input)}`);
      }
      return steps.reduce((x, step) => applyStep(step, x), input);
    },
  };
}

/** A program of 2–6 steps whose outputs over 0–99 take at least 5 distinct values (no near-constants). */
export function randomArithmetic(id: string, name: string, random: () => number): Program {
  for (;;) {
    const steps = Array.from({ length: int(random, 2, 6) }, () => randomStep(random));
    const program = arithmeticProgram(id, name, steps);
    const outputs = new Set(Array.from({ length: MODULUS }, (_, x) => program.run(x)));
    if (outputs.size >= 5) return program;
  }
}
