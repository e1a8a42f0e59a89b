/** Nonsense, pronounceable program names (e.g. "brolaz", "snipoo"), unique within a generator. */

const ONSETS = ["b", "bl", "br", "d", "dr", "f", "fl", "g", "gl", "gr", "k", "kl", "l", "m", "n", "p", "pl"];
const ONSETS2 = ["pr", "r", "s", "sk", "sl", "sn", "sp", "st", "t", "tr", "v", "w", "z", "zw", "j", "h"];
const VOWELS = ["a", "e", "i", "o", "u", "oo", "ee", "ai", "ou"];
const CODAS = ["", "", "b", "g", "k", "m", "n", "p", "rp", "rk", "x", "z", "sh", "ff", "nd"];

/** Words a name must not be: JavaScript keywords and the identifiers sources use. */
const RESERVED = new Set([
  "do",
  "if",
  "in",
  "for",
  "let",
  "new",
  "try",
  "var",
  "case",
  "else",
  "void",
  "with",
]);
const SOURCE_WORDS = ["abc", "key", "const", "function", "return"];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Returns a function giving a fresh name on each call; two or three syllables. */
export function nameGenerator(random: () => number): () => string {
  const used = new Set<string>();
  const onsets = [...ONSETS, ...ONSETS2];
  return () => {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const syllables = random() < 0.7 ? 2 : 3;
      let name = "";
      for (let i = 0; i < syllables; i++) name += pick(onsets, random) + pick(VOWELS, random);
      name += pick(CODAS, random);
      if (name.length < 4 || used.has(name) || RESERVED.has(name)) continue;
      if (SOURCE_WORDS.some((word) => name.includes(word))) continue;
      used.add(name);
      return name;
    }
    throw new Error("nameGenerator: ran out of names (more than ~100k requested)");
  };
}
