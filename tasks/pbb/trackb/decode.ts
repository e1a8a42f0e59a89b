/**
 * Greedy decoding for a batch of prompts at once: rows are right-padded, and at each step every
 * row reads the logits at its own last position (causality makes the padding after it harmless).
 */
import type { TF } from "../../../sdk/numeric/index.js";
import { forward, type ModelConfig } from "./model.js";
import { type CharTokenizer, EOS, PAD } from "./tokenizer.js";

type Tensor = ReturnType<TF["tensor"]>;

export interface DecodeOptions {
  /** Characters generated at most per prompt. */
  maxNewTokens: number;
  /** Prompts per forward pass. */
  batchSize?: number;
}

/** The model's greedy continuation of each prompt, up to EOS or maxNewTokens. */
export function greedyDecode(
  tf: TF,
  config: ModelConfig,
  params: readonly Tensor[],
  tokenizer: CharTokenizer,
  prompts: readonly string[],
  options: DecodeOptions,
): string[] {
  const batchSize = options.batchSize ?? 64;
  const out: string[] = [];
  for (let start = 0; start < prompts.length; start += batchSize) {
    out.push(...decodeChunk(tf, config, params, tokenizer, prompts.slice(start, start + batchSize), options));
  }
  return out;
}

function decodeChunk(
  tf: TF,
  config: ModelConfig,
  params: readonly Tensor[],
  tokenizer: CharTokenizer,
  prompts: readonly string[],
  options: DecodeOptions,
): string[] {
  const rows = prompts.map((prompt) => [EOS, ...tokenizer.encode(prompt)]);
  const promptLengths = rows.map((row) => row.length);
  const done = rows.map(() => false);
  for (let step = 0; step < options.maxNewTokens && done.includes(false); step++) {
    const time = Math.min(Math.max(...rows.map((row) => row.length)), config.contextLength);
    const next = nextTokens(tf, config, params, rows, time);
    rows.forEach((row, i) => {
      if (done[i]) return;
      const id = next[i] ?? EOS;
      if (id === EOS || row.length >= config.contextLength) done[i] = true;
      else row.push(id);
    });
  }
  return rows.map((row, i) => tokenizer.decode(row.slice(promptLengths[i])));
}

/** The argmax token after each row's last position. */
function nextTokens(
  tf: TF,
  config: ModelConfig,
  params: readonly Tensor[],
  rows: number[][],
  time: number,
): number[] {
  const flat = new Int32Array(rows.length * time).fill(PAD);
  const last = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    const kept = row.slice(-time);
    flat.set(kept, i * time);
    last[i] = i * time + kept.length - 1;
  });
  const ids = tf.tidy(() => {
    const logits = forward(tf, config, params, tf.tensor2d(flat, [rows.length, time], "int32"));
    const picked = tf.gather(
      tf.reshape(logits, [rows.length * time, config.vocabSize]),
      tf.tensor1d(last, "int32"),
    );
    return tf.argMax(picked, -1);
  });
  const values = Array.from(ids.dataSync());
  ids.dispose();
  return values;
}
