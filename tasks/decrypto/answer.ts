/**
 * The reply protocol of model players: free reasoning, then `ANSWER:` followed by one JSON
 * object. Parsing never throws: it returns the value or an error message for the model.
 */
import { extractJsonObject, parseLooseJson } from "../../sdk/llm/loose-json.js";
import { parseGuess } from "./codes.js";
import type { Guess, Hints } from "./types.js";

export type Parsed<T> = { ok: true; value: T; warning?: string } | { ok: false; error: string };

function answerObject(text: string): Parsed<Record<string, unknown>> {
  const at = text.lastIndexOf("ANSWER:");
  if (at < 0)
    return {
      ok: false,
      error: 'Your reply has no "ANSWER:" line. End with ANSWER: followed by the JSON object.',
    };
  const json = extractJsonObject(text.slice(at + "ANSWER:".length));
  if (json === undefined)
    return { ok: false, error: "After ANSWER: there must be a JSON object, e.g. ANSWER: {...}." };
  const parsed = parseLooseJson(json);
  if (!parsed.ok) return { ok: false, error: `The JSON after ANSWER: does not parse (${parsed.error}).` };
  if (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) {
    return { ok: false, error: "After ANSWER: there must be a JSON object, not a list or a value." };
  }
  return { ok: true, value: parsed.value as Record<string, unknown> };
}

export function parseHintsAnswer(text: string, keywords: readonly string[] = []): Parsed<Hints> {
  const obj = answerObject(text);
  if (!obj.ok) return obj;
  const hints = obj.value.hints;
  if (
    !Array.isArray(hints) ||
    hints.length !== 3 ||
    !hints.every((h) => typeof h === "string" && h.trim() !== "")
  ) {
    return {
      ok: false,
      error: 'The answer must be {"hints": ["...", "...", "..."]} with exactly three non-empty strings.',
    };
  }
  const clean = hints.map((h: string) => h.trim()) as unknown as Hints;
  const given = clean.find((h) => keywords.some((k) => k.toLowerCase() === h.toLowerCase()));
  if (given !== undefined)
    return { ok: false, error: `"${given}" is one of the keywords: a hint may not be a keyword itself.` };
  const long = clean.find((h) => h.split(/\s+/).length > 2);
  return long === undefined
    ? { ok: true, value: clean }
    : { ok: true, value: clean, warning: `hint "${long}" has more than two words` };
}

export function parseGuessAnswer(text: string): Parsed<Guess> {
  const obj = answerObject(text);
  if (!obj.ok) return obj;
  const raw = obj.value.guess;
  const guess =
    typeof raw === "string" ? parseGuess(raw) : Array.isArray(raw) ? parseGuess(raw.join("-")) : undefined;
  if (guess === undefined) {
    return {
      ok: false,
      error:
        'The answer must be {"guess": "X-Y-Z"} where X, Y and Z are digits from 1 to 4, e.g. {"guess": "3-1-4"}.',
    };
  }
  return { ok: true, value: guess };
}

export function parseKeywordsAnswer(text: string): Parsed<[string, string, string, string]> {
  const obj = answerObject(text);
  if (!obj.ok) return obj;
  const kws = obj.value.keywords;
  if (!Array.isArray(kws) || kws.length !== 4 || !kws.every((k) => typeof k === "string")) {
    return {
      ok: false,
      error:
        'The answer must be {"keywords": ["...", "...", "...", "..."]}: four strings, "unknown" where you have no idea.',
    };
  }
  return { ok: true, value: kws.map((k: string) => k.trim()) as [string, string, string, string] };
}
