/**
 * Cipher programs over lowercase words with a hidden parameter: a shift (Caesar, 1–25) or a
 * substitution key (a permutation of the alphabet). Demonstration inputs can be uniform or
 * skewed (letters from a small per-program subset), so demonstrations need not reveal the whole
 * mapping while held-out inputs are uniform.
 */
import { deriveSeed, seededRandom, shuffled } from "../../sdk/internal/random.js";
import type { Program, Value } from "./types.js";

export const LETTERS = "abcdefghijklmnopqrstuvwxyz";

export type InputDistribution = "uniform" | "skewed";

function checkWord(name: string, input: Value): string {
  if (typeof input !== "string" || !/^[a-z]+$/.test(input)) {
    throw new RangeError(`${name} takes a lowercase word, not ${JSON.stringify(input)}`);
  }
  return input;
}

function mapLetters(word: string, map: (index: number) => string): string {
  let out = "";
  for (const char of word) out += map(LETTERS.indexOf(char));
  return out;
}

export function shiftProgram(id: string, name: string, shift: number): Program {
  return {
    id,
    name,
    kind: "shift",
    domain: "word",
    source: `function ${name}(s) { const abc = "${LETTERS}"; let t = ""; for (const c of s) t += abc[(abc.search(c) + ${shift}) % 26]; return t; }`,
    english: `${name} takes a lowercase word s and replaces each letter by the letter ${shift} places later in the alphabet, wrapping around from z back to a.`,
    spec: { kind: "shift", shift },
    run: (input) => mapLetters(checkWord(name, input), (i) => LETTERS[(i + shift) % 26]!),
  };
}

export function substitutionProgram(id: string, name: string, key: string): Program {
  const table = [...LETTERS].map((letter, i) => `${letter} becomes ${key[i]}`).join(", ");
  return {
    id,
    name,
    kind: "substitution",
    domain: "word",
    source: `function ${name}(s) { const abc = "${LETTERS}"; const key = "${key}"; let t = ""; for (const c of s) t += key[abc.search(c)]; return t; }`,
    english: `${name} takes a lowercase word s and replaces each letter by another letter: ${table}.`,
    spec: { kind: "substitution", key },
    run: (input) => mapLetters(checkWord(name, input), (i) => key[i]!),
  };
}

export function randomCipher(id: string, name: string, random: () => number): Program {
  if (random() < 0.5) return shiftProgram(id, name, 1 + Math.floor(random() * 25));
  return substitutionProgram(id, name, shuffled([...LETTERS], random).join(""));
}

/** The letters a program's skewed inputs use: 5 letters fixed by its id. */
export function skewedLetters(program: Pick<Program, "id">): string {
  return shuffled([...LETTERS], seededRandom(deriveSeed(0, "pbb-skew", program.id)))
    .slice(0, 5)
    .join("");
}

/** A word of 3–6 letters: uniform over the alphabet, or over the program's skewed letters. */
export function randomWord(random: () => number, letters: string = LETTERS): string {
  const length = 3 + Math.floor(random() * 4);
  let word = "";
  for (let i = 0; i < length; i++) word += letters[Math.floor(random() * letters.length)]!;
  return word;
}
