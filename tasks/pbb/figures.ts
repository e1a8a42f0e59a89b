/**
 * Track A's figures: exact match per condition with a 95% interval, and the "one instruction
 * ≈ k examples" reading: the fewest demonstrations that, without the source, match the source
 * alone (per mode, code representation), with the curves of exact match against k, without and
 * with the source, beside it.
 */
import type { InstanceResult, TaskFigure } from "../task.js";
import { CONDITIONS, conditionLabel, DEMO_COUNTS, MODES } from "./conditions.js";
import { wilsonInterval } from "./score.js";

/** The value shown when 64 demonstrations do not reach the source alone (JSON has no infinity). */
const NOT_REACHED = 128;

interface Rate {
  hits: number;
  n: number;
}

function conditionOf(details: unknown): string | undefined {
  if (details === null || typeof details !== "object") return undefined;
  const condition = (details as { condition?: unknown }).condition;
  return typeof condition === "string" ? condition : undefined;
}

/** Exact-match counts per condition label (instances without a condition are skipped). */
export function ratesByCondition(results: readonly InstanceResult[]): Map<string, Rate> {
  const rates = new Map<string, Rate>();
  for (const result of results) {
    const label = conditionOf(result.details);
    if (label === undefined) continue;
    const rate = rates.get(label) ?? { hits: 0, n: 0 };
    rate.n++;
    if (result.score >= 1) rate.hits++;
    rates.set(label, rate);
  }
  return rates;
}

function rateFigure(label: string, rate: Rate): TaskFigure {
  const [low, high] = wilsonInterval(rate.hits, rate.n);
  return { label, value: rate.hits / rate.n, unit: `exact match, n = ${rate.n}`, extra: { low, high } };
}

/** k at which demos alone first reach the source alone, or a note that 64 did not. */
function instructionWorth(rates: Map<string, Rate>, mode: "direct" | "cot"): TaskFigure | undefined {
  const source = rates.get(`code/${mode}/source`);
  if (!source || source.n === 0) return undefined;
  const target = source.hits / source.n;
  const curve: Record<string, number> = {};
  let worth: number | undefined;
  for (const k of DEMO_COUNTS) {
    const demos = rates.get(`demos/${mode}/${k}`);
    if (!demos || demos.n === 0) continue;
    const value = demos.hits / demos.n;
    curve[`k=${k}`] = value;
    if (worth === undefined && value >= target) worth = k;
    const both = rates.get(`code/${mode}/source+${k}`);
    if (both && both.n > 0) curve[`source+k=${k}`] = both.hits / both.n;
  }
  if (Object.keys(curve).length === 0) return undefined;
  return {
    label: `one instruction ≈ k examples (${mode})`,
    value: worth ?? NOT_REACHED,
    unit: "k: fewest demos (no source) matching the code alone",
    extra: { "code alone": target, ...curve },
    ...(worth === undefined ? { note: `not reached by k = 64 (shown as ${NOT_REACHED})` } : {}),
    ...(target === 0 ? { note: "the code alone scored 0: any k matches it" } : {}),
  };
}

export function pbbFigures(results: readonly InstanceResult[]): TaskFigure[] {
  const rates = ratesByCondition(results);
  const figures: TaskFigure[] = [];
  for (const condition of CONDITIONS) {
    const label = conditionLabel(condition);
    const rate = rates.get(label);
    if (rate && rate.n > 0) figures.push(rateFigure(label, rate));
  }
  const headline = figures.find((figure) => figure.label === "code/cot/source");
  if (headline) headline.headline = true;
  for (const mode of MODES) {
    const worth = instructionWorth(rates, mode);
    if (worth) figures.push(worth);
  }
  return figures;
}
