/**
 * Reads a pbb definition written as JavaScript (the generator's subset: one-line functions over
 * x in 0–99 or a lowercase word s) into an executable function. Lookups resolve a composition's
 * parts, defined earlier.
 */
export type Fn = (input: number | string) => number | string;
export type Lookup = (name: string) => Fn;
type Step = (x: number) => number;

export const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Each form of the subset: a pattern and what its captures mean. */
const EXPRESSIONS: [RegExp, (n: number) => Step][] = [
  [/^\(x \+ (\d+)\) % 100$/, (n) => (x) => (x + n) % 100],
  [/^\(x \+ 100 - (\d+)\) % 100$/, (n) => (x) => (x + 100 - n) % 100],
  [/^\(x \* (\d+)\) % 100$/, (n) => (x) => (x * n) % 100],
  [/^\(x - x % (\d+)\) \/ \d+$/, (n) => (x) => Math.floor(x / n)],
  [/^x % (\d+)$/, (n) => (x) => x % n],
  [/^x < (\d+) \? x : \d+$/, (n) => (x) => Math.min(x, n)],
  [/^x > (\d+) \? x : \d+$/, (n) => (x) => Math.max(x, n)],
];

/** One arithmetic expression of the subset, e.g. "(x + 7) % 100" or "x < 42 ? x : 42". */
function expression(text: string): Step | undefined {
  const parity = /^x % 2 == 0 \? (.+) : (.+)$/.exec(text);
  if (parity) {
    const even = expression(parity[1]!);
    const odd = expression(parity[2]!);
    return even && odd ? (x) => (x % 2 === 0 ? even(x) : odd(x)) : undefined;
  }
  for (const [pattern, build] of EXPRESSIONS) {
    const match = pattern.exec(text);
    if (match) return build(Number(match[1]));
  }
  return undefined;
}

export function mapWord(word: unknown, letter: (index: number) => string): string {
  return [...String(word)].map((c) => letter(LETTERS.indexOf(c))).join("");
}

/** [name, function], or an error naming the part that did not parse. */
export function parseCode(text: string, lookup: Lookup): [string, Fn] | { error: string } {
  const header = /^function ([a-z]+)\([xs]\) \{ (.*) \}$/.exec(text.trim());
  if (!header) return { error: `not a function definition: ${text.slice(0, 80)}` };
  const name = header[1]!;
  const body = header[2]!;
  const composition = /^return ([a-z]+)\(([a-z]+)\([xs]\)\);$/.exec(body);
  if (composition) {
    const outer = lookup(composition[1]!);
    const inner = lookup(composition[2]!);
    return [name, (v) => outer(inner(v))];
  }
  const shift = /abc\[\(abc\.search\(c\) \+ (\d+)\) % 26\]/.exec(body);
  if (shift) return [name, (v) => mapWord(v, (i) => LETTERS[(i + Number(shift[1])) % 26]!)];
  const key = /const key = "([a-z]{26})"/.exec(body)?.[1];
  if (key) return [name, (v) => mapWord(v, (i) => key[i]!)];
  const statements = body.split(/;\s*/).filter((s) => s !== "");
  if (statements.pop() !== "return x") return { error: `${name}: no "return x" at the end` };
  const steps: Step[] = [];
  for (const statement of statements) {
    const step = statement.startsWith("x = ") ? expression(statement.slice(4)) : undefined;
    if (!step) return { error: `${name}: cannot read "${statement}"` };
    steps.push(step);
  }
  return [name, (v) => steps.reduce((x, step) => step(x), Number(v))];
}
