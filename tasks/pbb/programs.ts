/**
 * Programming by Backprop: the program generators' public API. Seeded random arithmetic
 * programs, ciphers with hidden parameters and compositions of two programs, each with a
 * nonsense name, source, English description and gold outputs by execution; pointer templates;
 * splits (`makeSplits`). Track A (the LLM task) and Track B (tfjs) both build on this.
 */
import { arithmeticProgram, randomArithmetic } from "./arithmetic.js";
import {
  LETTERS,
  randomCipher,
  randomWord,
  shiftProgram,
  skewedLetters,
  substitutionProgram,
} from "./ciphers.js";
import type { Program, ProgramSpec, Value } from "./types.js";

export { applyStep, arithmeticProgram, randomArithmetic } from "./arithmetic.js";
export type { InputDistribution } from "./ciphers.js";
export {
  LETTERS,
  randomCipher,
  randomWord,
  shiftProgram,
  skewedLetters,
  substitutionProgram,
} from "./ciphers.js";
export { nameGenerator } from "./names.js";
export { fillPointer, POINTER_TEMPLATES, pointerTemplates } from "./pointers.js";
export type { PbbSplits, SplitSizes } from "./splits.js";
export { allPrograms, DEFAULT_SIZES, makeSplits } from "./splits.js";
export type {
  ArithmeticStep,
  Domain,
  Program,
  ProgramKind,
  ProgramSpec,
  SimpleStep,
  Value,
} from "./types.js";
export { ALPHABET } from "./types.js";

/** The gold output of `program` on `input` (throws a RangeError for an input outside its domain). */
export function execute(program: Program, input: Value): Value {
  return program.run(input);
}

/** NAME(x) = outer(inner(x)); both parts must share a domain. */
export function composeProgram(id: string, name: string, inner: Program, outer: Program): Program {
  if (inner.domain !== outer.domain) {
    throw new RangeError(
      `cannot compose ${outer.name} after ${inner.name}: ${inner.domain} vs ${outer.domain}`,
    );
  }
  const param = inner.domain === "number" ? "x" : "s";
  return {
    id,
    name,
    kind: "composition",
    domain: inner.domain,
    source: `function ${name}(${param}) { return ${outer.name}(${inner.name}(${param})); }`,
    english: `${name} applies ${inner.name} to its input, then applies ${outer.name} to the result.`,
    spec: { kind: "composition", inner: inner.id, outer: outer.id },
    parts: [inner, outer],
    run: (input) => outer.run(inner.run(input)),
  };
}

/**
 * Rebuilds a program from its plain data (name, id, spec); a composition looks its parts up by id.
 * Track A instances carry specs, not closures.
 */
export function programFromSpec(
  id: string,
  name: string,
  spec: ProgramSpec,
  parts: (id: string) => Program = (part) => {
    throw new RangeError(`composition ${name} needs its part ${part}`);
  },
): Program {
  switch (spec.kind) {
    case "arithmetic":
      return arithmeticProgram(id, name, spec.steps);
    case "shift":
      return shiftProgram(id, name, spec.shift);
    case "substitution":
      return substitutionProgram(id, name, spec.key);
    case "composition":
      return composeProgram(id, name, parts(spec.inner), parts(spec.outer));
  }
}

/** A fresh random program of the given family (arithmetic or cipher). */
export function randomProgram(
  family: "arithmetic" | "cipher",
  id: string,
  name: string,
  random: () => number,
): Program {
  return family === "arithmetic" ? randomArithmetic(id, name, random) : randomCipher(id, name, random);
}

/**
 * `k` demonstration inputs. Uniform: 0–99, or words of 3–6 letters over a–z. Skewed: a window of
 * 10 consecutive numbers, or words over 5 letters, both fixed per program, so the demonstrations
 * under-determine the program while held-out inputs stay uniform. Inputs repeat only when k
 * exceeds what the distribution holds.
 */
export function demoInputs(
  program: Program,
  k: number,
  distribution: "uniform" | "skewed",
  random: () => number,
  exclude: readonly Value[] = [],
): Value[] {
  const excluded = new Set<Value>(exclude);
  const out: Value[] = [];
  const seen = new Set<Value>();
  const letters = distribution === "skewed" ? skewedLetters(program) : LETTERS;
  const low = distribution === "skewed" ? skewedLetters(program).charCodeAt(0) % 90 : 0;
  const span = distribution === "skewed" ? 10 : 100;
  for (let attempt = 0; out.length < k; attempt++) {
    const input =
      program.domain === "number" ? low + Math.floor(random() * span) : randomWord(random, letters);
    const fresh = !seen.has(input) && !excluded.has(input);
    if (fresh || attempt > 50 * k) {
      out.push(input);
      seen.add(input);
    }
  }
  return out;
}

/** How an input or output is written everywhere (prompts, `name(input) = output` lines): JSON. */
export function formatValue(value: Value): string {
  return JSON.stringify(value);
}
