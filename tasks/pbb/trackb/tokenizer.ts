/**
 * Character tokens over the programs' alphabet. The vocabulary is built from the training and
 * evaluation texts (sorted, so the same texts give the same ids) and saved with each checkpoint,
 * so a resumed run decodes exactly as the run that wrote it.
 */
import { UserError } from "../../../sdk/errors.js";

/** Padding (id 0, never predicted) and end of sequence (id 1, ends greedy decoding). */
export const PAD = 0;
export const EOS = 1;
const SPECIALS = 2;

export interface CharTokenizer {
  /** The characters, in id order from id 2. */
  readonly chars: readonly string[];
  readonly vocabSize: number;
  encode(text: string): number[];
  /** Characters of the ids, stopping at the first EOS; padding is skipped. */
  decode(ids: readonly number[]): string;
}

/** A tokenizer from a saved character list (a checkpoint's) or from the texts it must cover. */
export function createTokenizer(
  source: { chars: readonly string[] } | { texts: Iterable<string> },
): CharTokenizer {
  const chars = "chars" in source ? [...source.chars] : collectChars(source.texts);
  const ids = new Map(chars.map((char, i) => [char, i + SPECIALS]));
  return {
    chars,
    vocabSize: chars.length + SPECIALS,
    encode(text) {
      return Array.from(text, (char) => {
        const id = ids.get(char);
        if (id === undefined) {
          throw new UserError(
            `character ${JSON.stringify(char)} is not in the model's vocabulary; build the tokenizer from texts that include it`,
          );
        }
        return id;
      });
    },
    decode(idList) {
      let out = "";
      for (const id of idList) {
        if (id === EOS) break;
        if (id >= SPECIALS) out += chars[id - SPECIALS] ?? "";
      }
      return out;
    },
  };
}

function collectChars(texts: Iterable<string>): string[] {
  const set = new Set<string>();
  for (const text of texts) for (const char of text) set.add(char);
  return [...set].sort();
}
