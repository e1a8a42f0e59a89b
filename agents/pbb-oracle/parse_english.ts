/** Reads a pbb definition written in English (the generator's phrasing) into a function. */
import { type Fn, LETTERS, type Lookup, mapWord } from "./parse_code.js";

type Step = (x: number) => number;

const STEPS: [RegExp, (n: number) => Step][] = [
  [/^add (\d+) to x modulo 100$/, (n) => (x) => (x + n) % 100],
  [/^subtract (\d+) from x modulo 100$/, (n) => (x) => (x + 100 - n) % 100],
  [/^multiply x by (\d+) modulo 100$/, (n) => (x) => (x * n) % 100],
  [/^divide x by (\d+), rounding down$/, (n) => (x) => Math.floor(x / n)],
  [/^replace x by the remainder of x divided by (\d+)$/, (n) => (x) => x % n],
  [/^if x is greater than (\d+), set x to \d+$/, (n) => (x) => Math.min(x, n)],
  [/^if x is less than (\d+), set x to \d+$/, (n) => (x) => Math.max(x, n)],
];

function step(text: string): Step | undefined {
  const parity = /^if x is even, (.+), otherwise (.+)$/.exec(text);
  if (parity) {
    const even = step(parity[1]!);
    const odd = step(parity[2]!);
    return even && odd ? (x) => (x % 2 === 0 ? even(x) : odd(x)) : undefined;
  }
  for (const [pattern, build] of STEPS) {
    const match = pattern.exec(text);
    if (match) return build(Number(match[1]));
  }
  return undefined;
}

function arithmetic(name: string, body: string): [string, Fn] | { error: string } {
  const steps: Step[] = [];
  for (const sentence of body.split(/\.\s*/).filter((s) => s !== "")) {
    const parsed = step(sentence.replace(/^(first|then),? /, ""));
    if (!parsed) return { error: `${name}: cannot read "${sentence}"` };
    steps.push(parsed);
  }
  return [name, (v) => steps.reduce((x, s) => s(x), Number(v))];
}

export function parseEnglish(text: string, lookup: Lookup): [string, Fn] | { error: string } {
  const trimmed = text.trim();
  const composition = /^([a-z]+) applies ([a-z]+) to its input, then applies ([a-z]+) to the result\.$/.exec(
    trimmed,
  );
  if (composition) {
    const inner = lookup(composition[2]!);
    const outer = lookup(composition[3]!);
    return [composition[1]!, (v) => outer(inner(v))];
  }
  const word = /^([a-z]+) takes a lowercase word s and replaces each letter by /.exec(trimmed);
  const shift = /the letter (\d+) places later/.exec(trimmed);
  if (word && shift) return [word[1]!, (v) => mapWord(v, (i) => LETTERS[(i + Number(shift[1])) % 26]!)];
  if (word) {
    const key = new Map([...trimmed.matchAll(/([a-z]) becomes ([a-z])/g)].map((m) => [m[1]!, m[2]!]));
    return [word[1]!, (v) => mapWord(v, (i) => key.get(LETTERS[i]!) ?? "?")];
  }
  const numbers = /^([a-z]+) takes a number x from 0 to 99\. (.*) the result is x\.$/.exec(trimmed);
  if (numbers) return arithmetic(numbers[1]!, numbers[2]!);
  return { error: `not a description this agent reads: ${trimmed.slice(0, 80)}` };
}
