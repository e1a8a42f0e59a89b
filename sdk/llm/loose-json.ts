/**
 * Tolerant JSON for model output: models wrap JSON in code fences, add prose around it, use
 * single quotes, trailing commas or Python literals. Never `JSON.parse` model text directly.
 */

export type LooseJsonResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses one JSON value, repairing single-quoted strings, trailing commas and True/False/None. */
export function parseLooseJson(text: string): LooseJsonResult {
  const trimmed = text.trim();
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch (first) {
    const repaired = repairJson(trimmed);
    if (repaired !== undefined && repaired !== trimmed) {
      try {
        return { ok: true, value: JSON.parse(repaired) };
      } catch {
        // fall through to the original error, which points at the model's text
      }
    }
    return { ok: false, error: first instanceof Error ? first.message : String(first) };
  }
}

/**
 * Finds the JSON object a reply means: the first ```json (or bare ```) fence holding an object,
 * else the first balanced {...} in the text. Returns undefined when there is none.
 */
export function extractJsonObject(text: string): string | undefined {
  const fence = /```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/g;
  for (let match = fence.exec(text); match !== null; match = fence.exec(text)) {
    const body = (match[1] ?? "").trim();
    if (body.startsWith("{")) return balancedObject(body, 0) ?? body;
  }
  const start = text.indexOf("{");
  if (start < 0) return undefined;
  return balancedObject(text, start) ?? text.slice(start);
}

/** The object starting at `start`, up to its matching brace (string-aware, both quote kinds). */
function balancedObject(text: string, start: number): string | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}

/**
 * Rewrites outside-of-string syntax only, so it cannot change the content of a valid string:
 * 'single' -> "single" (re-escaped), trailing commas dropped, True/False/None -> JSON literals.
 */
const WORD = /[A-Za-z_]+/y;

function repairJson(text: string): string | undefined {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let content = "";
      while (j < text.length && text[j] !== ch) {
        if (text[j] === "\\") {
          const next = text[j + 1];
          if (next === undefined) return undefined;
          // \' is only an escape inside single quotes; keep other escapes as they are.
          content += next === "'" ? "'" : `\\${next}`;
          j += 2;
        } else {
          content += text[j];
          j++;
        }
      }
      if (j >= text.length) return undefined;
      out += ch === '"' ? `"${content}"` : `"${content.replace(/"/g, '\\"')}"`;
      i = j + 1;
      continue;
    }
    if (ch === ",") {
      let k = i + 1;
      while (k < text.length && /\s/.test(text[k] as string)) k++;
      if (text[k] === "}" || text[k] === "]") {
        i++;
        continue;
      }
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text)?.[0];
    if (word !== undefined) {
      const literal = word === "True" ? "true" : word === "False" ? "false" : word === "None" ? "null" : word;
      out += literal;
      i += word.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
