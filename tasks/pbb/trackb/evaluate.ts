/** Execution accuracy on held-out inputs: greedy answers to `name(input) = ` prompts, by exact match. */
import type { TF } from "../../../sdk/numeric/index.js";
import type { Program } from "../types.js";
import { executionAnswer, executionPrompt, inputsOf, type TrackBData } from "./curriculum.js";
import { greedyDecode } from "./decode.js";
import type { ModelConfig } from "./model.js";
import { exactMatchRate } from "./score.js";
import type { CharTokenizer } from "./tokenizer.js";

type Tensor = ReturnType<TF["tensor"]>;

export interface ExecutionScore {
  exactMatch: number;
  n: number;
  /** A few (prompt, predicted, gold) triples for the log. */
  samples: { prompt: string; predicted: string; gold: string }[];
}

export function evaluateExecution(
  tf: TF,
  config: ModelConfig,
  params: readonly Tensor[],
  tokenizer: CharTokenizer,
  data: TrackBData,
  programs: readonly Program[],
): ExecutionScore {
  const pairs = programs.flatMap((p) => inputsOf(data, p, "heldOut").map((x) => [p, x] as const));
  const prompts = pairs.map(([p, x]) => executionPrompt(p, x));
  const gold = pairs.map(([p, x]) => executionAnswer(p, x));
  const maxNewTokens = Math.max(...gold.map((g) => g.length)) + 2;
  const predicted = greedyDecode(tf, config, params, tokenizer, prompts, { maxNewTokens });
  return {
    exactMatch: exactMatchRate(predicted, gold),
    n: gold.length,
    samples: prompts.slice(0, 3).map((prompt, i) => ({ prompt, predicted: predicted[i]!, gold: gold[i]! })),
  };
}

/** The best score a constant answer gets (the most common gold answer's share): a floor for the table. */
export function constantBaseline(data: TrackBData, programs: readonly Program[]): number {
  const counts = new Map<string, number>();
  let total = 0;
  for (const p of programs) {
    for (const x of inputsOf(data, p, "heldOut")) {
      const answer = executionAnswer(p, x);
      counts.set(answer, (counts.get(answer) ?? 0) + 1);
      total++;
    }
  }
  return total === 0 ? 0 : Math.max(0, ...counts.values()) / total;
}
