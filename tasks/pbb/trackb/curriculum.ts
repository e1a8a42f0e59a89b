/**
 * Track B's training data and curricula. A program appears as a declaration (`name : source`,
 * or its English description instead) and, only for programs with I/O, as executions
 * (`name(input) = output`). A curriculum is a list of stages; each stage samples its batches
 * from weighted pools of texts. Stages are named by what they train, so curricula that begin
 * with the same stage can share one trained checkpoint of it.
 */
import { UserError } from "../../../sdk/errors.js";
import { formatValue, type PbbSplits } from "../programs.js";
import type { Program, Value } from "../types.js";

export type Representation = "source" | "english";

export interface TrackBData {
  /** Programs trained with declarations and executions (stage 1). */
  io: readonly Program[];
  /** Programs trained with declarations only (stage 2) and evaluated on held-out inputs. */
  sourceOnly: readonly Program[];
  /** Per program id: the inputs executions in training use, and the held-out ones evaluation uses. */
  inputs: PbbSplits["inputs"];
}

/** Track B's data from the task's splits (compositions are Track A's). */
export function trackBData(splits: PbbSplits): TrackBData {
  return { io: splits.withIo, sourceOnly: splits.sourceOnly, inputs: splits.inputs };
}

/** A program's inputs of one kind; a program missing from the splits' inputs is a bug. */
export function inputsOf(data: TrackBData, program: Program, kind: "train" | "heldOut"): Value[] {
  const found = data.inputs[program.id];
  if (found === undefined) throw new UserError(`program ${program.id} has no inputs in the splits`);
  return found[kind];
}

export interface Pool {
  texts: readonly string[];
  weight: number;
}

export interface Stage {
  /** Equal names mean equal pools (the shared-prefix rule that checkpoints rely on). */
  name: string;
  steps: number;
  pools: readonly Pool[];
}

export interface CurriculumOptions {
  /** Steps of stage 1 (source + I/O of the I/O programs). */
  stage1Steps: number;
  /** Steps of stage 2 (the source-only programs); every curriculum trains stage1Steps + stage2Steps. */
  stage2Steps: number;
  /** Stage 2's share of stage-1 replay, so a small model keeps the execution format (default 0.5). */
  replay?: number;
}

export const CURRICULUM_NAMES = ["proactive", "stage1-only", "stage2-only", "english"] as const;
/** A named curriculum, or `io-K`: stage 2 shows K executions of each source-only program instead of its source. */
export type CurriculumName = (typeof CURRICULUM_NAMES)[number] | `io-${number}`;

export function declaration(program: Program, representation: Representation): string {
  return `${program.name} : ${representation === "source" ? program.source : program.english}`;
}

/** The prompt an execution is asked with; the answer follows it. */
export function executionPrompt(program: Program, input: Value): string {
  return `${program.name}(${formatValue(input)}) = `;
}

export function executionAnswer(program: Program, input: Value): string {
  return formatValue(program.run(input));
}

/** Executions of each program on its training inputs (the first `limit` of them, if given). */
function executions(
  data: TrackBData,
  programs: readonly Program[],
  kind: "train" | "heldOut",
  limit?: number,
): string[] {
  return programs.flatMap((p) =>
    inputsOf(data, p, kind)
      .slice(0, limit)
      .map((x) => executionPrompt(p, x) + executionAnswer(p, x)),
  );
}

function stage1(data: TrackBData, representation: Representation, steps: number, name = "stage1"): Stage {
  return {
    name: `${representation}-${name}`,
    steps,
    pools: [
      { texts: data.io.map((p) => declaration(p, representation)), weight: 1 },
      { texts: executions(data, data.io, "train"), weight: 1 },
    ],
  };
}

/** Stage 2 pools: `fresh` (what is new about the source-only programs) plus stage-1 replay. */
function stage2(
  data: TrackBData,
  representation: Representation,
  name: string,
  fresh: readonly string[],
  options: CurriculumOptions,
): Stage {
  const replay = options.replay ?? 0.5;
  const pools: Pool[] = [{ texts: fresh, weight: 1 - replay }];
  if (replay > 0)
    pools.push(...stage1(data, representation, 0).pools.map((pool) => ({ ...pool, weight: replay / 2 })));
  return { name: `${representation}-${name}`, steps: options.stage2Steps, pools };
}

/** The stages of one curriculum. */
export function curriculum(name: CurriculumName, data: TrackBData, options: CurriculumOptions): Stage[] {
  const { stage1Steps, stage2Steps } = options;
  const sourceDecls = data.sourceOnly.map((p) => declaration(p, "source"));
  switch (name) {
    case "proactive":
      return [stage1(data, "source", stage1Steps), stage2(data, "source", "stage2", sourceDecls, options)];
    case "english": {
      const englishDecls = data.sourceOnly.map((p) => declaration(p, "english"));
      return [stage1(data, "english", stage1Steps), stage2(data, "english", "stage2", englishDecls, options)];
    }
    case "stage1-only":
      return [stage1(data, "source", stage1Steps), stage1(data, "source", stage2Steps, "stage1-more")];
    case "stage2-only":
      return [
        {
          name: "source-stage2-alone",
          steps: stage1Steps + stage2Steps,
          pools: [{ texts: sourceDecls, weight: 1 }],
        },
      ];
    default: {
      const k = ioDemos(name);
      const demos = executions(data, data.sourceOnly, "train", k);
      return [stage1(data, "source", stage1Steps), stage2(data, "source", `io${k}`, demos, options)];
    }
  }
}

function ioDemos(name: string): number {
  const match = /^io-(\d+)$/.exec(name);
  const k = match ? Number(match[1]) : Number.NaN;
  if (!Number.isInteger(k) || k < 1) {
    throw new UserError(
      `unknown curriculum ${name}; use one of ${CURRICULUM_NAMES.join(", ")} or io-K (K ≥ 1)`,
    );
  }
  return k;
}

/** Every text a curriculum's stages or its evaluation can contain (for the tokenizer). */
export function allTexts(data: TrackBData): string[] {
  const programs = [...data.io, ...data.sourceOnly];
  return [
    ...programs.flatMap((p) => [declaration(p, "source"), declaration(p, "english")]),
    ...executions(data, programs, "train"),
    ...executions(data, programs, "heldOut"),
  ];
}
