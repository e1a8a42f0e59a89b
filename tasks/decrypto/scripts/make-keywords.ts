/**
 * Derives Decrypto's keyword list from WordNet: common, concrete, single-word English nouns.
 * A noun qualifies when its most frequent sense lies under physical_entity.n.01 in a concrete
 * lexicographer file (artifact, animal, food, plant, object, body, substance), is not a proper noun, and it is
 * frequent (SemCor-tagged senses). Run: npx tsx tasks/decrypto/scripts/make-keywords.ts
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { readWordNet, type Synset } from "../wordnet.js";

const PHYSICAL_ENTITY = "n:00001930";
// noun.animal, artifact, body, food, object, plant, substance
const CONCRETE_LEX_FILES = new Set([5, 6, 8, 13, 17, 20, 27]);
// Gerunds and a few words that are unpleasant or confusing as game keywords.
const EXCLUDED = /ing$|^(ass|bastard|bitch|crap|shit|solution|addition|structure|import|ordinary)$/;
const COUNT = 400;

function isUnder(
  key: string,
  ancestor: string,
  synsets: Map<string, Synset>,
  seen = new Set<string>(),
): boolean {
  if (key === ancestor) return true;
  if (seen.has(key)) return false;
  seen.add(key);
  const s = synsets.get(key);
  if (s === undefined) return false;
  return s.pointers.some(
    (p) => (p.symbol === "@" || p.symbol === "@i") && isUnder(p.target, ancestor, synsets, seen),
  );
}

async function main(): Promise<void> {
  const wn = await readWordNet(["noun", "verb", "adj"]);
  const otherPos = new Map<string, number>();
  for (const e of wn.index)
    if (e.pos !== "noun") otherPos.set(e.lemma, Math.max(otherPos.get(e.lemma) ?? 0, e.taggedSenseCount));
  const chosen = wn.index
    .filter(
      (e) =>
        e.pos === "noun" &&
        /^[a-z]{3,10}$/.test(e.lemma) &&
        !EXCLUDED.test(e.lemma) &&
        e.taggedSenseCount >= 2,
    )
    .filter((e) => {
      const first = wn.synsets.get(e.synsets[0] ?? "");
      return (
        first !== undefined &&
        !first.capitalized &&
        CONCRETE_LEX_FILES.has(first.lexFile) &&
        isUnder(first.key, PHYSICAL_ENTITY, wn.synsets)
      );
    })
    // Words used mostly as verbs or adjectives ("light", "cool") make poor nouns for the game.
    .filter((e) => (otherPos.get(e.lemma) ?? 0) <= e.taggedSenseCount)
    .sort(
      (a, b) =>
        b.taggedSenseCount - a.taggedSenseCount ||
        b.senseCount - a.senseCount ||
        a.lemma.localeCompare(b.lemma),
    )
    .slice(0, COUNT)
    .map((e) => e.lemma)
    .sort();
  const out = fileURLToPath(new URL("../data/keywords.json", import.meta.url));
  await writeFile(out, `${JSON.stringify(chosen, null, 0).replaceAll(",", ",\n ")}\n`);
  process.stdout.write(`wrote ${chosen.length} keywords to ${out}\n`);
}

await main();
