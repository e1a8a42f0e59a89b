/**
 * Asking a model a DéjàQ problem and reading its number. The answer is the number after the
 * last "Answer:" (or in the last \boxed{} or after "####"), else the last number of the reply;
 * a reply without a number is unparsable and scores 0.
 */

export const ANSWER_INSTRUCTION =
  'Solve the problem. Show your working briefly, then end with a line "Answer: N" where N is the number only.';

export function problemPrompt(text: string): string {
  return `${text}\n\n${ANSWER_INSTRUCTION}`;
}

const NUMBER = /-?\d[\d,]*(?:\.\d+)?/g;

function lastNumber(text: string): number | undefined {
  const matches = text.match(NUMBER);
  if (!matches) return undefined;
  const value = Number(matches[matches.length - 1]!.replace(/,/g, ""));
  return Number.isFinite(value) ? value : undefined;
}

/** The model's numeric answer, or undefined when the reply states none. */
export function parseNumericAnswer(reply: string): number | undefined {
  const marked = [
    /answer\s*(?:is)?\s*[:=]?\s*\**\s*\$?\s*(-?\d[\d,]*(?:\.\d+)?)/gi,
    /\\boxed\{\s*\$?(-?\d[\d,]*(?:\.\d+)?)/g,
    /####\s*\$?(-?\d[\d,]*(?:\.\d+)?)/g,
  ];
  for (const pattern of marked) {
    const all = [...reply.matchAll(pattern)];
    const last = all[all.length - 1];
    if (last) {
      const value = Number(last[1]!.replace(/,/g, ""));
      if (Number.isFinite(value)) return value;
    }
  }
  return lastNumber(reply);
}

export function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
}
