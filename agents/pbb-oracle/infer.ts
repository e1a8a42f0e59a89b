/**
 * Without a definition, the oracle can only infer from demonstrations: the demonstrated output
 * for a seen input; for words, a letter map read off the demonstrations (completed as a shift
 * when every known letter moves by the same amount); for numbers, the nearest demonstrated input.
 */
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

export interface Demonstration {
  input: number | string;
  output: number | string;
}

function inferWord(demos: readonly Demonstration[], word: string): string {
  const map = new Map<string, string>();
  for (const { input, output } of demos) {
    const out = String(output);
    [...String(input)].forEach((c, i) => {
      map.set(c, out[i] ?? c);
    });
  }
  const shifts = new Set([...map].map(([a, b]) => (LETTERS.indexOf(b) - LETTERS.indexOf(a) + 26) % 26));
  const shift = shifts.size === 1 ? [...shifts][0]! : undefined;
  return [...word]
    .map((c) => map.get(c) ?? (shift === undefined ? c : LETTERS[(LETTERS.indexOf(c) + shift) % 26]!))
    .join("");
}

export function inferFromDemos(demos: readonly Demonstration[], input: number | string): number | string {
  const seen = demos.find((demo) => demo.input === input);
  if (seen) return seen.output;
  if (typeof input === "string") return inferWord(demos, input);
  let best: Demonstration | undefined;
  for (const demo of demos) {
    if (!best || Math.abs(Number(demo.input) - input) < Math.abs(Number(best.input) - input)) best = demo;
  }
  return best ? best.output : input;
}
