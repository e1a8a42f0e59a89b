/**
 * Pulls the answer out of a model's reply: the last ```json (or plain ```) fenced block that
 * parses, else the last balanced {...} or [...] that parses, else the whole reply. Reasoning
 * sections (<think>...</think>) are ignored. Never throws.
 */

export type Extracted = { ok: true; value: unknown } | { ok: false; error: string };

const MAX_SCAN_CHARS = 200_000;
/** The bracket scan is quadratic on unbalanced text: it looks at the reply's tail only. */
const MAX_PROSE_CHARS = 40_000;

function tryParse(text: string): { ok: true; value: unknown } | undefined {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** Index of the bracket closing the one at `start`, skipping strings; -1 if unbalanced. */
function matchingClose(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") stack.push(c === "{" ? "}" : "]");
    else if (c === "}" || c === "]") {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

export function extractJson(reply: string): Extracted {
  if (typeof reply !== "string" || reply.trim() === "") return { ok: false, error: "the reply is empty" };
  const text = reply.replace(/<think>[\s\S]*?<\/think>/g, "").slice(-MAX_SCAN_CHARS);

  const fences = [...text.matchAll(/```[ \t]*([\w-]*)[ \t]*\r?\n([\s\S]*?)```/g)];
  for (let k = fences.length - 1; k >= 0; k--) {
    const body = fences[k]![2]!.trim();
    const parsed = tryParse(body);
    if (parsed) return parsed;
  }

  // Top-level balanced {...} / [...] spans of the prose, tried from the last one.
  const prose = text.slice(-MAX_PROSE_CHARS);
  const spans: [number, number][] = [];
  for (let i = 0; i < prose.length; i++) {
    const c = prose[i];
    if (c !== "{" && c !== "[") continue;
    const end = matchingClose(prose, i);
    if (end === -1) continue;
    spans.push([i, end]);
    i = end;
  }
  for (let k = spans.length - 1; k >= 0; k--) {
    const [from, to] = spans[k]!;
    const parsed = tryParse(prose.slice(from, to + 1));
    if (parsed) return parsed;
  }

  const whole = tryParse(text.trim());
  if (whole) return whole;
  return { ok: false, error: "no JSON value found in the reply (expected a ```json fenced block)" };
}
