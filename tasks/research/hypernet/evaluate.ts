/**
 * Scores a submission of task policies: for each held-out instruction, the submitted policy (a
 * small MLP under the activated-parameter cap, see kit/policy.ts) runs closed loop in the
 * simulator on the instruction's hidden evaluation seeds; the metric is the mean success rate over
 * the held-out instructions. A row whose instruction is not the test row's, or whose policy is
 * malformed or over the cap, makes the submission invalid.
 */
import { InvalidSubmissionError, type Row } from "../../../evals/metrics/airs.js";
import { successRate } from "./kit/evaluate-policy.js";
import { parseInstruction } from "./kit/instructions.js";
import { controller, parsePolicy } from "./kit/policy.js";

export function evaluate(predictions: readonly Row[], labels: readonly Row[]): { HeldOutSuccess: number } {
  if (predictions.length !== labels.length)
    throw new InvalidSubmissionError(`${predictions.length} rows; the test split has ${labels.length}`);
  let total = 0;
  labels.forEach((label, i) => {
    const row = predictions[i]!;
    if (String(row.instruction ?? "").trim() !== label.instruction)
      throw new InvalidSubmissionError(
        `row ${i + 1}: instruction must be "${label.instruction}", in test order`,
      );
    let policy: ReturnType<typeof parsePolicy>;
    try {
      policy = parsePolicy(row.policy);
    } catch (error) {
      throw new InvalidSubmissionError(`row ${i + 1}: ${(error as Error).message}`);
    }
    const instruction = parseInstruction(String(label.instruction));
    total += successRate(controller(policy), instruction, Number(label.eval_seed), Number(label.episodes));
  });
  return { HeldOutSuccess: total / labels.length };
}
