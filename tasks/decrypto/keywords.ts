import { readFileSync } from "node:fs";
import { type Rng, sample } from "./rng.js";
import type { Keywords } from "./types.js";

let cached: readonly string[] | undefined;

/** The checked-in keyword list (see scripts/make-keywords.ts). */
export function keywordList(): readonly string[] {
  cached ??= JSON.parse(readFileSync(new URL("./data/keywords.json", import.meta.url), "utf8")) as string[];
  return cached;
}

export function drawKeywords(rng: Rng, list: readonly string[] = keywordList()): Keywords {
  const [a, b, c, d] = sample(rng, list, 4);
  if (d === undefined || a === undefined || b === undefined || c === undefined) {
    throw new Error("the keyword list needs at least four words");
  }
  return [a, b, c, d];
}
