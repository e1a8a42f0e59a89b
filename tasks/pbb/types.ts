/**
 * What a Programming-by-Backprop program is: a nonsense name, its source, an equivalent English
 * description and an executable meaning. Plain data (`spec`) so instances and logs can carry it.
 */

/** Arithmetic programs map 0–99 to 0–99; ciphers map lowercase words to lowercase words. */
export type Value = number | string;

export type ProgramKind = "arithmetic" | "shift" | "substitution" | "composition";

export type Domain = "number" | "word";

/** A step of an arithmetic program; every step keeps x in 0–99. */
export type SimpleStep = { op: "add" | "sub" | "mul"; n: number };
export type ArithmeticStep =
  | SimpleStep
  | { op: "div" | "mod" | "min" | "max"; n: number }
  | { op: "parity"; even: SimpleStep; odd: SimpleStep };

export type ProgramSpec =
  | { kind: "arithmetic"; steps: ArithmeticStep[] }
  | { kind: "shift"; shift: number }
  | { kind: "substitution"; key: string }
  | { kind: "composition"; inner: string; outer: string };

export interface Program {
  /** Stable within one generation, e.g. "a007", "c003", "k002". */
  id: string;
  /** Nonsense, pronounceable, unique within one generation (e.g. "brolaz"). */
  name: string;
  kind: ProgramKind;
  domain: Domain;
  /** A one-line JavaScript function `function NAME(x) { ... }` (lowercase only, see ALPHABET). */
  source: string;
  /** An equivalent English description, lowercase, naming the program. */
  english: string;
  spec: ProgramSpec;
  /** A composition's parts, [inner, outer]: NAME(x) = outer(inner(x)). */
  parts?: readonly [Program, Program];
  run(input: Value): Value;
}

/**
 * Every character that names, sources, English descriptions, inputs (JSON) and outputs use:
 * lowercase letters, digits, space and `(){}[];=+-*\/%<>?:,."`. A character-level model's
 * vocabulary is this string plus its own specials.
 */
export const ALPHABET = ' abcdefghijklmnopqrstuvwxyz0123456789(){}[];=+-*/%<>?:,."';
