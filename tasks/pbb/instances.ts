/**
 * Track A's instances: a fixed generation of programs (seed 2026), split by program into train,
 * val and test, each program asked once on one of its held-out inputs under every condition.
 * Demonstrations come from the program's training inputs, never the asked input.
 */
import type { JsonValue, Split, TaskInstance } from "../task.js";
import { CONDITIONS, type Condition, conditionLabel, modeInstruction } from "./conditions.js";
import {
  fillPointer,
  formatValue,
  makeSplits,
  type PbbSplits,
  POINTER_TEMPLATES,
  type Program,
} from "./programs.js";

export const TRACK_A_SEED = 2026;

/** Programs per split by family: arithmetic, cipher, composition. */
const PROGRAMS_PER_SPLIT: Readonly<Record<Split, readonly [number, number, number]>> = {
  train: [2, 1, 1],
  val: [2, 1, 1],
  test: [6, 3, 3],
};

/** Instances per split, known without generating anything (`hyperagents tasks`). */
export const PBB_SPLIT_COUNTS: Readonly<Record<Split, number>> = {
  train: 4 * CONDITIONS.length,
  val: 4 * CONDITIONS.length,
  test: 12 * CONDITIONS.length,
};

const SPLITS: readonly Split[] = ["train", "val", "test"];

/** What the evaluator keeps from the agent: the gold output and the condition, for figures. */
export interface PbbHidden {
  gold: JsonValue;
  programId: string;
  kind: string;
  condition: string;
}

function generation(): PbbSplits {
  const sum = (i: 0 | 1 | 2) => SPLITS.reduce((n, split) => n + PROGRAMS_PER_SPLIT[split][i], 0);
  const base = sum(0) + sum(1);
  return makeSplits(TRACK_A_SEED, {
    withIo: 0,
    sourceOnly: base,
    compositions: sum(2),
    cipherFraction: sum(1) / base,
  });
}

/** The programs asked in one split, in a fixed order. */
export function splitPrograms(splits: PbbSplits, split: Split): Program[] {
  const arithmetic = splits.sourceOnly.filter((p) => p.kind === "arithmetic");
  const ciphers = splits.sourceOnly.filter((p) => p.domain === "word");
  const offsets = [0, 0, 0];
  for (const earlier of SPLITS.slice(0, SPLITS.indexOf(split))) {
    for (const i of [0, 1, 2] as const) offsets[i]! += PROGRAMS_PER_SPLIT[earlier][i];
  }
  const [a, c, k] = PROGRAMS_PER_SPLIT[split];
  return [
    ...arithmetic.slice(offsets[0], offsets[0]! + a),
    ...ciphers.slice(offsets[1], offsets[1]! + c),
    ...splits.compositions.slice(offsets[2], offsets[2]! + k),
  ];
}

/** The definitions shown for a program: a composition's parts first, then the program. */
function definitions(program: Program, representation: "code" | "english"): string[] {
  const text = (p: Program) => (representation === "code" ? p.source : p.english);
  return [...(program.parts ?? []).map(text), text(program)];
}

function instanceInput(splits: PbbSplits, program: Program, condition: Condition, index: number): JsonValue {
  const { train, heldOut } = splits.inputs[program.id]!;
  const input = heldOut[0]!;
  const template = POINTER_TEMPLATES[index % POINTER_TEMPLATES.length]!;
  const out: { [key: string]: JsonValue } = {
    condition: { ...condition },
    instructions: modeInstruction(condition.mode),
  };
  if (condition.representation !== "none") out.program = definitions(program, condition.representation);
  if (condition.k > 0) {
    out.demonstrations = train.slice(0, condition.k).map((x) => ({ input: x, output: program.run(x) }));
  }
  out.question = fillPointer(template, program.name, formatValue(input));
  out.input = input;
  return out;
}

export function buildInstances(split: Split, splits: PbbSplits = generation()): TaskInstance[] {
  const out: TaskInstance[] = [];
  for (const program of splitPrograms(splits, split)) {
    for (const condition of CONDITIONS) {
      const label = conditionLabel(condition);
      const gold = program.run(splits.inputs[program.id]!.heldOut[0]!);
      const hidden: PbbHidden = { gold, programId: program.id, kind: program.kind, condition: label };
      out.push({
        id: `${split}-${program.id}-${label}`,
        input: instanceInput(splits, program, condition, out.length),
        hidden: { ...hidden },
      });
    }
  }
  return out;
}
