/**
 * Reading a model's reply: the script (the last fenced TypeScript or JavaScript block, else the
 * last fenced block of any language) with the prose before it as the plan, and a JSON object
 * (the last ```json block or balanced {...} that parses). Reasoning sections are ignored.
 */

const FENCE = /```[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)```/g;
const CODE_LANGUAGES = new Set(["typescript", "ts", "javascript", "js", "mjs", "mts", "tsx"]);

function withoutThinking(reply: string): string {
  return reply.replace(/<think>[\s\S]*?<\/think>/g, "");
}

/** The script of a reply and the plan before it; code "" when the reply has no fenced block. */
export function extractCode(reply: string): { plan: string; code: string } {
  const text = withoutThinking(reply);
  const fences = [...text.matchAll(FENCE)];
  const coded = fences.filter((fence) => CODE_LANGUAGES.has((fence[1] ?? "").toLowerCase()));
  const chosen = coded.at(-1) ?? fences.at(-1);
  if (chosen === undefined) return { plan: text.trim().slice(0, 2_000), code: "" };
  const plan = text.slice(0, chosen.index).replace(FENCE, "").trim().slice(0, 2_000);
  return { plan, code: (chosen[2] ?? "").trim() };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Index just past the brace closing the one at `start`, skipping strings; -1 if unbalanced. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i + 1;
  }
  return -1;
}

/** The last JSON object of a reply, or undefined. */
export function extractObject(reply: string): Record<string, unknown> | undefined {
  const text = withoutThinking(reply).slice(-40_000);
  const fences = [...text.matchAll(FENCE)];
  for (const fence of fences.reverse()) {
    const parsed = parseObject((fence[2] ?? "").trim());
    if (parsed !== undefined) return parsed;
  }
  let found: Record<string, unknown> | undefined;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "{") continue;
    const end = closingBrace(text, i);
    if (end === -1) continue;
    found = parseObject(text.slice(i, end)) ?? found;
    i = end - 1;
  }
  return found;
}
