/**
 * The script in a model's reply: the last fenced TypeScript or JavaScript block, else the last
 * fenced block of any language; "" when the reply has none. Reasoning sections are ignored.
 */

const FENCE = /```[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)```/g;
const CODE_LANGUAGES = new Set(["typescript", "ts", "javascript", "js", "mjs", "mts", "tsx"]);

export function extractCode(reply: string): string {
  const fences = [...reply.replace(/<think>[\s\S]*?<\/think>/g, "").matchAll(FENCE)];
  const coded = fences.filter((fence) => CODE_LANGUAGES.has((fence[1] ?? "").toLowerCase()));
  return ((coded.at(-1) ?? fences.at(-1))?.[2] ?? "").trim();
}
