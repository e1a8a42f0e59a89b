/**
 * Track A's conditions: how the program is shown (representation), how the model is asked to
 * answer (mode) and what it is shown (exposure: the definition, k demonstrations, or both).
 * Every program is asked under every condition, so conditions compare on the same programs.
 */

export type Representation = "code" | "english" | "none";
export type Mode = "direct" | "cot";
export type Exposure = "source" | "demos" | "source+demos";

export interface Condition {
  representation: Representation;
  mode: Mode;
  exposure: Exposure;
  /** Demonstrations shown (0 for "source"). */
  k: number;
}

export const DEMO_COUNTS = [1, 4, 16, 64] as const;
export const MODES: readonly Mode[] = ["direct", "cot"];

/** 28 conditions: (code | english) x (source | source + k demos) and demos only, each direct and cot. */
export const CONDITIONS: readonly Condition[] = MODES.flatMap((mode) => [
  ...(["code", "english"] as const).flatMap((representation): Condition[] => [
    { representation, mode, exposure: "source", k: 0 },
    ...DEMO_COUNTS.map((k): Condition => ({ representation, mode, exposure: "source+demos", k })),
  ]),
  ...DEMO_COUNTS.map((k): Condition => ({ representation: "none", mode, exposure: "demos", k })),
]);

/** A short stable label, e.g. "code/cot/source", "english/direct/source+16", "demos/cot/64". */
export function conditionLabel(condition: Condition): string {
  const { representation, mode, exposure, k } = condition;
  if (exposure === "demos") return `demos/${mode}/${k}`;
  return `${representation}/${mode}/${exposure === "source" ? "source" : `source+${k}`}`;
}

/** What the model is told to do in each mode. */
export function modeInstruction(mode: Mode): string {
  return mode === "direct"
    ? "Answer directly: give the output value without any working."
    : "Think step by step: trace the execution on the input, one step at a time, then give the output value.";
}
