/**
 * Tabletop-2D's data: expert demonstrations of the 24 training instructions (train and
 * validation), and the 8 held-out instructions as the test split. The expert's executed actions
 * carry Gaussian noise (DART-style, so the demonstrations visit states a learner drifts into); the
 * recorded actions are the expert's clean ones. The hidden evaluation seed of each test
 * instruction is in the labelled split only.
 */
import type { AirsSplits, Row } from "../../airs/format.js";
import { expertAction } from "./expert.js";
import {
  heldOutInstructions,
  type Instruction,
  instructionText,
  trainInstructions,
} from "./kit/instructions.js";
import { deriveSeed, gaussian, seededRandom } from "./kit/random.js";
import { observe, resetState, step } from "./kit/sim.js";

export const DEMOS = { train: 50, validation: 10 } as const;
/** Standard deviation of the noise on the executed dx, dy (in action units, × SPEED per step). */
export const ACTION_NOISE = 0.3;
/** Closed-loop episodes per held-out instruction in the evaluation. */
export const EVAL_EPISODES = 100;

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** One noisy expert episode from `seed`: its observations and clean actions, and whether it succeeded. */
export function demonstration(
  instruction: Instruction,
  seed: number,
  noise = ACTION_NOISE,
): { obs: number[][]; actions: number[][]; success: boolean } {
  const random = seededRandom(deriveSeed(seed, "noise"));
  const state = resetState(seed);
  const obs: number[][] = [];
  const actions: number[][] = [];
  for (;;) {
    const action = expertAction(state, instruction);
    obs.push(observe(state).map(round));
    actions.push(action.map(round));
    const executed = [
      action[0]! + noise * gaussian(random),
      action[1]! + noise * gaussian(random),
      action[2]!,
    ];
    const { success, done } = step(state, executed, instruction);
    if (done) return { obs, actions, success };
  }
}

/** `count` successful demonstrations per instruction (a failed one is replaced by the next seed). */
function demonstrations(seed: number, split: string, count: number): Row[] {
  return trainInstructions().flatMap((instruction) => {
    const text = instructionText(instruction);
    const rows: Row[] = [];
    for (let i = 0; rows.length < count; i++) {
      const demo = demonstration(instruction, deriveSeed(seed, split, text, i));
      if (demo.success) rows.push({ instruction: text, obs: demo.obs, actions: demo.actions });
    }
    return rows;
  });
}

export function generate(seed: number): AirsSplits {
  const testWithLabels = heldOutInstructions().map((instruction) => {
    const text = instructionText(instruction);
    return { instruction: text, eval_seed: deriveSeed(seed, "evaluation", text), episodes: EVAL_EPISODES };
  });
  return {
    train: demonstrations(seed, "train", DEMOS.train),
    validation: demonstrations(seed, "validation", DEMOS.validation),
    test: testWithLabels.map(({ instruction }) => ({ instruction })),
    testWithLabels,
  };
}
