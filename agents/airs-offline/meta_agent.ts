/**
 * The offline AIRS meta agent: no model. It mutates the task agent's choices in params.ts (a
 * template switch, a number moved, or one kind's values taken from a peer), sending its edits
 * mostly to the kinds of task the parent scored worst on, then edits its own meta_policy.ts: the
 * 1/5th success rule on the step size, and sometimes a random move of another policy value.
 */
import { activeMarkers, lineWith, type Marker, otherOption, parseMarkers, perturb } from "./markers.js";
import { policy } from "./meta_policy.js";
import type { EvaluationSummary, FileEditor, MetaAgentContext, Peer } from "./types.js";

const PARAMS = "params.ts";
const POLICY = "meta_policy.ts";

/** A file's text from `view` (which numbers the lines); undefined on failure. */
export async function readText(files: FileEditor, path: string): Promise<string | undefined> {
  const shown = await files.view(path);
  if (shown.startsWith("Error: ")) return undefined;
  return shown
    .split("\n")
    .map((line) => line.replace(/^\s*\d+\t/, ""))
    .join("\n");
}

/** Mean train score per node of the lineage, parent first (unscored tasks skipped). */
export function lineageScores(evaluations: readonly EvaluationSummary[]): number[] {
  const byNode = new Map<string, number[]>();
  for (const e of evaluations) {
    if (typeof e.score !== "number") continue;
    byNode.set(e.nodeId, [...(byNode.get(e.nodeId) ?? []), e.score]);
  }
  return [...byNode.values()].map((s) => s.reduce((a, b) => a + b, 0) / s.length);
}

/**
 * Which params group served an instance: the solution prints "kind NAME" (in the details' output
 * tail; the engine hands long details over as clipped JSON text); else guessed from the metric.
 */
export function kindsOf(details: unknown): string[] {
  const text = typeof details === "string" ? details : JSON.stringify(details ?? {});
  const printed = /rows \(kind (\w+)/.exec(text);
  if (printed) return [printed[1]!];
  const metric = (/"metric":\s*"([^"]*)"/.exec(text)?.[1] ?? "").toLowerCase();
  if (/mrr/.test(metric)) return ["ranking"];
  if (/mase/.test(metric)) return ["forecast"];
  if (/accuracy|match/.test(metric)) return ["classification"];
  if (/spearman|correlation/.test(metric)) return ["correlation"];
  return ["regression", "geometry", "graph"];
}

/**
 * Weight per group: kinds the parent scored low on weigh more (by policy.focus); kinds without
 * train results share unseenWeight (selection on held-out tasks still judges them); search gets
 * searchWeight of the total.
 */
export function groupWeights(
  evaluations: readonly EvaluationSummary[],
  groups: string[],
): Map<string, number> {
  const weights = new Map<string, number>();
  const parent = evaluations[0]?.nodeId;
  for (const e of evaluations.filter((x) => x.nodeId === parent)) {
    for (const instance of e.instances) {
      const kinds = kindsOf(instance.details).filter((k) => groups.includes(k));
      const w = (1.05 - Math.min(1, Math.max(0, instance.score))) ** policy.focus / Math.max(1, kinds.length);
      for (const k of kinds) weights.set(k, (weights.get(k) ?? 0) + w);
    }
  }
  if (weights.size === 0) for (const g of groups) if (g !== "search") weights.set(g, 1);
  const seen = [...weights.values()].reduce((a, b) => a + b, 0);
  const unseen = groups.filter((g) => g !== "search" && !weights.has(g));
  for (const g of unseen) weights.set(g, (seen * policy.unseenWeight) / unseen.length);
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  if (groups.includes("search"))
    weights.set("search", (total * policy.searchWeight) / (1 - policy.searchWeight + 1e-9));
  return weights;
}

function draw<T>(items: readonly T[], weight: (item: T) => number): T | undefined {
  const total = items.reduce((a, x) => a + Math.max(0, weight(x)), 0);
  if (total <= 0) return items[Math.floor(Math.random() * items.length)];
  let roll = Math.random() * total;
  for (const x of items) {
    roll -= Math.max(0, weight(x));
    if (roll < 0) return x;
  }
  return items.at(-1);
}

/** Replaces a marker's line; the file text is kept in step. */
async function setValue(
  files: FileEditor,
  path: string,
  state: { text: string },
  m: Marker,
  value: number | string,
) {
  const lines = state.text.split("\n");
  const line = lineWith(m, value);
  if (line === lines[m.line] || lines[m.line] !== m.text) return false;
  lines[m.line] = line;
  const result = await files.create(path, lines.join("\n"));
  if (result.startsWith("Error: ")) return false;
  state.text = lines.join("\n");
  return true;
}

/** One edit of params.ts; a line describing it, or undefined when nothing changed. */
async function mutateOnce(
  ctx: MetaAgentContext,
  state: { text: string },
  peers: Peer[],
): Promise<string | undefined> {
  const markers = parseMarkers(state.text);
  const groups = [...new Set(markers.map((m) => m.group))];
  const weights = groupWeights(ctx.data.evaluations ?? [], groups);
  const group = draw(groups, (g) => weights.get(g) ?? 0);
  // Only lines that matter now: a neighbour count while the model is ridge changes nothing.
  const inGroup = activeMarkers(markers).filter((m) => m.group === group);
  const choices = inGroup.filter((m) => typeof m.value === "string");
  const op = draw(["numeric", "choice", "crossover"] as const, (o) =>
    o === "numeric"
      ? policy.numericWeight
      : o === "choice"
        ? choices.length
          ? policy.choiceWeight
          : 0
        : peers.length
          ? policy.crossoverWeight
          : 0,
  );
  if (op === "crossover") {
    const peer = draw(peers, (p) => p.score)!;
    const theirs = parseMarkers(peer.files[PARAMS] ?? "").filter((m) => m.group === group);
    const taken: string[] = [];
    for (const t of theirs) {
      const mine = parseMarkers(state.text).find((m) => m.group === t.group && m.name === t.name);
      if (mine && mine.value !== t.value && (await setValue(ctx.files, PARAMS, state, mine, t.value))) {
        taken.push(`${t.name} ${mine.value} -> ${t.value}`);
      }
    }
    return taken.length ? `${group} from peer ${peer.nodeId}: ${taken.join(", ")}` : undefined;
  }
  const pool = op === "choice" ? choices : inGroup.filter((m) => typeof m.value === "number");
  const isTemplate = (x: Marker) => x.name === "model" || x.name === "method";
  const m = draw(pool, (x) => (isTemplate(x) ? policy.templateBias : 1));
  if (!m) return undefined;
  const value = typeof m.value === "number" ? perturb(m, policy.stepScale) : otherOption(m);
  return (await setValue(ctx.files, PARAMS, state, m, value))
    ? `${m.group}.${m.name} ${m.value} -> ${value}`
    : undefined;
}

/** Fraction of the last `window` lineage steps that improved on their parent; undefined without history. */
export function successRate(scores: readonly number[], window: number): number | undefined {
  const steps = Math.min(Math.max(1, Math.round(window)), scores.length - 1);
  if (steps < 1) return undefined;
  let wins = 0;
  for (let k = 0; k < steps; k++) if (scores[k]! > scores[k + 1]! + 1e-9) wins++;
  return wins / steps;
}

/** Self-modification: the 1/5th success rule on stepScale, and sometimes another policy value moved. */
async function adaptPolicy(ctx: MetaAgentContext, changes: string[]): Promise<void> {
  const text = await readText(ctx.files, POLICY);
  if (text === undefined) return;
  const state = { text };
  const rate = successRate(lineageScores(ctx.data.evaluations ?? []), policy.successWindow);
  const step = parseMarkers(state.text).find((m) => m.name === "stepScale");
  if (step && rate !== undefined && rate !== 0.2) {
    const factor = rate > 0.2 ? policy.stepAdapt : 1 / policy.stepAdapt;
    const value = Number(
      Math.min(step.max, Math.max(step.min, (step.value as number) * factor)).toPrecision(3),
    );
    if (await setValue(ctx.files, POLICY, state, step, value))
      changes.push(`${POLICY}: stepScale -> ${value} (success ${rate.toFixed(2)})`);
  }
  if (Math.random() < policy.selfMutationRate) {
    const others = parseMarkers(state.text).filter((m) => m.name !== "stepScale");
    const m = others[Math.floor(Math.random() * others.length)];
    if (m && typeof m.value === "number") {
      const value = perturb(m, policy.stepScale);
      if (await setValue(ctx.files, POLICY, state, m, value))
        changes.push(`${POLICY}: ${m.name} ${m.value} -> ${value}`);
    }
  }
}

export async function improve(ctx: MetaAgentContext): Promise<string> {
  const text = await readText(ctx.files, PARAMS);
  const changes: string[] = [];
  if (text !== undefined) {
    const state = { text };
    const peers = (ctx.data.peers ?? []).filter((p) => typeof p.files[PARAMS] === "string");
    const edits = Math.max(1, Math.round(policy.mutationsPerEdit));
    // An unchanged program is an invalid child: keep trying until one edit sticks.
    for (let k = 0; k < edits || (changes.length === 0 && k < edits + 20); k++) {
      const change = await mutateOnce(ctx, state, peers);
      if (change) changes.push(`${PARAMS}: ${change}`);
    }
  }
  await adaptPolicy(ctx, changes);
  if (changes.length === 0) {
    const result = await ctx.files.create(
      "META_NOTES.md",
      `generation ${ctx.data.generation}: no tunable line found in ${PARAMS}\n`,
    );
    changes.push(
      result.startsWith("Error: ") ? `nothing changed: ${result}` : "META_NOTES.md: no tunable lines found",
    );
  }
  const summary = changes.join("\n");
  ctx.log(summary);
  return summary;
}
