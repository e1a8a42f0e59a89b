/**
 * The offline AIRS task agent: no model. It reads the kind of task from the input (metric, prompt),
 * takes that kind's template and numbers from params.ts, fills the template into a complete
 * solution script, tries it and a few variants on held-out training rows through
 * `ctx.tools.run_solution`, and returns the best one (by validation score, in the metric's
 * direction). Randomness is Math.random, which the host seeds.
 */
import {
  type AirsInput,
  configFor,
  fallbackGroup,
  type Group,
  groupOf,
  type Kind,
  kindOf,
} from "./configure.js";
import { search } from "./params.js";
import { fillTemplate } from "./template.js";
import type { TaskAgentContext } from "./types.js";

const MODELS = ["ridge", "mlp", "knn"];

interface Tried {
  group: Group;
  valid: boolean;
  score: number | null;
  wallMs: number;
}

/** Whether a number of the group matters under its current model (or forecast method). */
export function isActive(group: Group, key: string): boolean {
  const model = group.model;
  if (typeof model === "string") {
    if (key === "knn") return model === "knn";
    if (["hidden", "epochs", "learningRate"].includes(key)) return model === "mlp";
    if (key === "ridge") return model === "ridge";
    return model !== "mean" && model !== "median";
  }
  if (typeof group.method === "string" && key !== "season") return group.method === "linear";
  return true;
}

/** A variant of a params group: one number that matters scaled, or (sometimes) another model template. */
export function variantOf(group: Group): Group {
  const next = { ...group };
  const numbers = Object.keys(group).filter((k) => typeof group[k] === "number" && isActive(group, k));
  if (typeof group.model === "string" && (numbers.length === 0 || Math.random() < search.switchModelRate)) {
    const others = MODELS.filter((m) => m !== group.model);
    next.model = others[Math.floor(Math.random() * others.length)]!;
    return next;
  }
  if (typeof group.method === "string" && Math.random() < search.switchModelRate) {
    next.method = group.method === "linear" ? "seasonal" : "linear";
    return next;
  }
  const key = numbers[Math.floor(Math.random() * numbers.length)];
  if (key === undefined) return next;
  const factor = Math.random() < 0.5 ? search.variantSpread : 1 / search.variantSpread;
  const value = (group[key] as number) * factor;
  // Shares stay within [0, 1]; counts stay whole and at least 1.
  next[key] = ["b", "blend", "distanceQuantile"].includes(key)
    ? Math.min(1, value)
    : Number.isInteger(group[key])
      ? Math.max(1, Math.round(value))
      : value;
  return next;
}

/** Whether `a` beats `b` in the metric's direction. */
function better(a: Tried, b: Tried | undefined, lowerIsBetter: boolean): boolean {
  if (!a.valid || a.score === null) return false;
  if (!b?.valid || b.score === null) return true;
  return lowerIsBetter ? a.score < b.score : a.score > b.score;
}

async function tryGroup(ctx: TaskAgentContext, kind: Kind, group: Group, input: AirsInput): Promise<Tried> {
  const solution = fillTemplate(configFor(kind, group, input));
  const result = (await ctx.tools.run_solution!({ solution })) as Record<string, unknown>;
  const tried: Tried = {
    group,
    valid: result.submissionValid === true,
    score: typeof result.validationScore === "number" ? result.validationScore : null,
    wallMs: typeof result.wallMs === "number" ? result.wallMs : 0,
  };
  ctx.log(
    `${kind} ${JSON.stringify(group)}: valid ${tried.valid}, validation ${tried.score}, ${tried.wallMs} ms`,
  );
  if (!tried.valid) ctx.log(String(result.reason ?? ""), String(result.outputTail ?? "").slice(-800));
  return tried;
}

export async function solve(input: unknown, ctx: TaskAgentContext): Promise<unknown> {
  const started = Date.now();
  const airs = (input !== null && typeof input === "object" ? input : {}) as AirsInput;
  if (typeof airs.scoringColumn !== "string")
    return { error: "the input has no scoringColumn: not an AIRS task" };
  const kind = kindOf(airs);
  const base = groupOf(kind);
  const lowerIsBetter = airs.lowerIsBetter === true;
  let best: Tried | undefined;
  let slowest = 0;
  const canRun = typeof ctx.tools.run_solution === "function";
  for (let k = 0; canRun && k < Math.round(search.variants); k++) {
    const left = search.timeBudgetMs - (Date.now() - started);
    if (k > 0 && left - slowest * 1.5 < search.timeBudgetMs * search.reserve) break;
    const group = k === 0 ? base : variantOf(best?.group ?? base);
    try {
      const tried = await tryGroup(ctx, kind, group, airs);
      slowest = Math.max(slowest, tried.wallMs);
      if (better(tried, best, lowerIsBetter) || (k === 0 && !best)) best = tried;
    } catch (error) {
      ctx.log(`run_solution failed: ${error instanceof Error ? error.message : String(error)}`);
      break;
    }
  }
  // Nothing ran validly: answer with the kind's safest template.
  const chosen = best?.valid ? best.group : canRun && best ? { ...base, ...fallbackGroup(kind) } : base;
  ctx.log(`answer: ${kind} ${JSON.stringify(chosen)}`);
  return { solution: fillTemplate(configFor(kind, chosen, airs)) };
}
