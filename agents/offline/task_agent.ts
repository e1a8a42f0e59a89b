/**
 * The offline task agent: no model, one parametric strategy per bundled task, chosen by the
 * task id in ctx.data. The strategies' parameters live in params.ts, where the meta agent tunes them.
 */

import { packCircles } from "./strategies/circle_packing.js";
import { solveDecrypto } from "./strategies/decrypto.js";
import type { TaskAgentContext } from "./types.js";

function solveCirclePacking(input: unknown, ctx: TaskAgentContext): unknown {
  const n = typeof input === "object" && input !== null ? (input as { n?: unknown }).n : undefined;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    return { error: `circle-packing input must be { "n": positive integer }, got ${JSON.stringify(input)}` };
  }
  const result = packCircles(n);
  ctx.log(
    `circle-packing n=${n}: sum of radii ${result.sumRadii.toFixed(6)} after ${result.restartsRun} restart(s)`,
  );
  return { circles: result.circles };
}

export async function solve(input: unknown, ctx: TaskAgentContext): Promise<unknown> {
  const taskId = ctx.data?.task?.id;
  switch (taskId) {
    case "circle-packing":
      return solveCirclePacking(input, ctx);
    case "decrypto":
      return solveDecrypto(input, ctx);
    default:
      return {
        error: `the offline agent has no strategy for task "${String(taskId)}": it knows circle-packing and decrypto. Use a model-driven agent (agents/initial) for other tasks.`,
      };
  }
}
