import type { Code, Digit, Guess } from "./types.js";

/** All 24 codes of three distinct digits from 1–4, in lexicographic order. */
export const ALL_CODES: readonly Code[] = (() => {
  const out: Code[] = [];
  const digits: Digit[] = [1, 2, 3, 4];
  for (const a of digits)
    for (const b of digits) for (const c of digits) if (a !== b && b !== c && a !== c) out.push([a, b, c]);
  return out;
})();

export function formatCode(code: Guess): string {
  return code.join("-");
}

/** Parses "X-Y-Z" (digits 1–4; distinctness is not required, as in the reference game). */
export function parseGuess(text: string): Guess | undefined {
  const m = /^\s*([1-4])\s*[-, ]\s*([1-4])\s*[-, ]\s*([1-4])\s*$/.exec(text);
  if (m === null) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function sameCode(a: Guess, b: Guess): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

export function isCode(g: Guess): g is Code {
  return g.every((d) => d >= 1 && d <= 4) && g[0] !== g[1] && g[1] !== g[2] && g[0] !== g[2];
}
