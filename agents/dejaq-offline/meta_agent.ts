/**
 * The offline meta agent (as agents/offline's, for the DéjàQ mutation strategy's params.ts):
 * a search baseline, not a language model. It edits the task agent's
 * tunable lines (`// @tune` numbers, `// @choice` strategy switches) by random perturbation,
 * strategy switching and recombination with peers, and edits its own policy (meta_policy.ts)
 * by the 1/5th success rule plus random perturbation, so the meta level evolves too.
 * Randomness comes from Math.random, which the host seeds.
 */
import { policy } from "./meta_policy.js";
import { parseTunables, perturbNumber, switchChoice, type Tunable, withValue } from "./tunables.js";
import type { EvaluationSummary, FileEditor, MetaAgentContext, Peer } from "./types.js";

const POLICY_FILE = "meta_policy.ts";

interface SourceFile {
  path: string;
  text: string;
  tunables: Tunable[];
}

function isError(result: string): boolean {
  return result.startsWith("Error: ");
}

/** A file's text; `view` prefixes each line with its number and a tab. */
async function readSource(files: FileEditor, path: string): Promise<SourceFile | undefined> {
  const shown = await files.view(path);
  if (isError(shown)) return undefined;
  const text = shown
    .split("\n")
    .map((line) => line.replace(/^\s*\d+\t/, ""))
    .join("\n");
  return { path, text, tunables: parseTunables(text) };
}

async function sourceFiles(files: FileEditor): Promise<SourceFile[]> {
  const listing = await files.list();
  if (isError(listing)) return [];
  const paths = listing
    .split("\n")
    .map((line) => line.trim())
    .filter((p) => p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.endsWith(".d.ts"));
  const out: SourceFile[] = [];
  for (const path of paths) {
    const file = await readSource(files, path);
    if (file && file.tunables.length > 0) out.push(file);
  }
  return out;
}

/** Replaces one tunable's value in place; true when the file changed. */
async function applyEdit(
  files: FileEditor,
  file: SourceFile,
  t: Tunable,
  value: number | string,
): Promise<boolean> {
  const newLine = withValue(t, value);
  if (newLine === t.line) return false;
  const occurrences = file.text.split(t.line).length - 1;
  const lines = file.text.split("\n");
  const index = lines.indexOf(t.line);
  if (index === -1) return false;
  lines[index] = newLine;
  const newText = lines.join("\n");
  // strReplace needs a unique match; a duplicated line falls back to rewriting the file.
  const result =
    occurrences === 1
      ? await files.strReplace(file.path, t.line, newLine)
      : await files.create(file.path, newText);
  if (isError(result)) return false;
  file.text = newText;
  file.tunables = parseTunables(newText);
  return true;
}

function pick<T>(items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(Math.random() * items.length)];
}

function label(t: Tunable): string {
  return t.group ? `${t.group}.${t.name}` : t.name;
}

/** "circle-packing" -> "circlePacking": the params group that belongs to a task. */
function groupOf(taskId: string): string {
  return taskId.replace(/[-_]+([a-z0-9])/gi, (_all, c: string) => c.toUpperCase());
}

/** Mean train score per node of the lineage, parent first. */
export function lineageScores(evaluations: readonly EvaluationSummary[]): number[] {
  const order: string[] = [];
  const sums = new Map<string, { total: number; count: number }>();
  for (const e of evaluations) {
    // An unscored task (null) says nothing about the node.
    if (typeof e.score !== "number" || !Number.isFinite(e.score)) continue;
    if (!sums.has(e.nodeId)) {
      order.push(e.nodeId);
      sums.set(e.nodeId, { total: 0, count: 0 });
    }
    const s = sums.get(e.nodeId)!;
    s.total += e.score;
    s.count += 1;
  }
  return order.map((id) => {
    const s = sums.get(id)!;
    return s.total / s.count;
  });
}

/** Fraction of the last `window` lineage steps that improved on their own parent; undefined without history. */
export function successRate(scores: readonly number[], window: number): number | undefined {
  const steps = Math.min(Math.max(1, Math.round(window)), scores.length - 1);
  if (steps < 1) return undefined;
  let successes = 0;
  for (let k = 0; k < steps; k++) if (scores[k]! > scores[k + 1]! + 1e-12) successes++;
  return successes / steps;
}

type Operator = "numeric" | "choice" | "crossover";

function chooseOperator(hasChoices: boolean, hasPeers: boolean): Operator {
  const weights: [Operator, number][] = [
    ["numeric", Math.max(0, policy.numericWeight)],
    ["choice", hasChoices ? Math.max(0, policy.choiceWeight) : 0],
    ["crossover", hasPeers ? Math.max(0, policy.crossoverWeight) : 0],
  ];
  const total = weights.reduce((acc, [, w]) => acc + w, 0);
  if (total <= 0) return "numeric";
  let roll = Math.random() * total;
  for (const [op, w] of weights) {
    roll -= w;
    if (roll < 0) return op;
  }
  return "numeric";
}

/** A peer, drawn with probability proportional to its score (uniform when all score 0). */
function pickPeer(peers: readonly Peer[]): Peer | undefined {
  const total = peers.reduce((acc, p) => acc + Math.max(0, p.score), 0);
  if (total <= 0) return pick(peers);
  let roll = Math.random() * total;
  for (const p of peers) {
    roll -= Math.max(0, p.score);
    if (roll < 0) return p;
  }
  return peers[peers.length - 1];
}

/** Our tunables whose value differs in the peer's copy of the same file, with the peer's value. */
function peerDifferences(file: SourceFile, peer: Peer): { t: Tunable; value: number | string }[] {
  const theirs = peer.files[file.path];
  if (typeof theirs !== "string") return [];
  const out: { t: Tunable; value: number | string }[] = [];
  for (const other of parseTunables(theirs)) {
    const mine = file.tunables.find(
      (t) => t.kind === other.kind && t.name === other.name && t.group === other.group,
    );
    if (!mine || mine.value === other.value) continue;
    if (mine.kind === "number" && other.kind === "number") {
      if (other.value >= mine.min && other.value <= mine.max) out.push({ t: mine, value: other.value });
    } else if (mine.kind === "choice" && mine.options.includes(other.value as string)) {
      out.push({ t: mine, value: other.value });
    }
  }
  return out;
}

export async function improve(ctx: MetaAgentContext): Promise<string> {
  const data = ctx.data;
  const changes: string[] = [];
  const all = await sourceFiles(ctx.files);
  const policyFile = all.find((f) => f.path === POLICY_FILE);
  const taskFiles = all.filter((f) => f.path !== POLICY_FILE);

  // Prefer the parameters of the tasks being evolved; fall back to every tunable.
  const groups = new Set((data.tasks ?? []).map((t) => groupOf(t.id)));
  const targets = (kind?: Tunable["kind"]) => {
    const entries = taskFiles.flatMap((file) =>
      file.tunables.filter((t) => kind === undefined || t.kind === kind).map((t) => ({ file, t })),
    );
    const relevant = entries.filter((e) => groups.has(e.t.group));
    return relevant.length > 0 ? relevant : entries;
  };

  const scores = lineageScores(data.evaluations ?? []);
  const late = (data.iterationsLeft ?? Number.POSITIVE_INFINITY) <= policy.lateIterations;
  const step = policy.stepScale * (late ? policy.lateStepFactor : 1);
  ctx.log(
    `lineage scores (parent first): ${scores.map((s) => s.toFixed(4)).join(", ") || "none"}; step ${step}`,
  );

  const peers = (data.peers ?? []).filter((p) => taskFiles.some((f) => peerDifferences(f, p).length > 0));
  const edits = Math.max(1, Math.round(policy.mutationsPerEdit));
  for (let k = 0; k < edits; k++) {
    const op = chooseOperator(targets("choice").length > 0, peers.length > 0);
    if (op === "crossover") {
      const peer = pickPeer(peers);
      if (!peer) continue;
      const diffs = taskFiles.flatMap((file) => peerDifferences(file, peer).map((d) => ({ file, ...d })));
      const taken = diffs.filter(() => Math.random() < policy.crossoverFraction);
      if (taken.length === 0 && diffs.length > 0) taken.push(pick(diffs)!);
      for (const d of taken) {
        const before = d.t.value;
        if (await applyEdit(ctx.files, d.file, d.t, d.value)) {
          changes.push(`${d.file.path}: ${label(d.t)} ${before} -> ${d.value} (from peer ${peer.nodeId})`);
        }
      }
    } else if (op === "choice") {
      const target = pick(targets("choice"));
      if (target?.t.kind !== "choice") continue;
      const value = switchChoice(target.t);
      const before = target.t.value;
      if (await applyEdit(ctx.files, target.file, target.t, value)) {
        changes.push(`${target.file.path}: ${label(target.t)} ${before} -> ${value}`);
      }
    } else {
      const target = pick(targets("number"));
      if (target?.t.kind !== "number") continue;
      const value = perturbNumber(target.t, step);
      const before = target.t.value;
      if (await applyEdit(ctx.files, target.file, target.t, value)) {
        changes.push(`${target.file.path}: ${label(target.t)} ${before} -> ${value}`);
      }
    }
  }

  // An empty diff is an invalid child: force one numeric change if nothing stuck.
  for (let attempt = 0; changes.length === 0 && attempt < 10; attempt++) {
    const target = pick(targets("number")) ?? pick(targets());
    if (!target) break;
    const value =
      target.t.kind === "number" ? perturbNumber(target.t, Math.max(step, 0.05)) : switchChoice(target.t);
    const before = target.t.value;
    if (await applyEdit(ctx.files, target.file, target.t, value)) {
      changes.push(`${target.file.path}: ${label(target.t)} ${before} -> ${value}`);
    }
  }

  // Self-modification: adapt the step size (1/5th success rule), sometimes perturb another policy value.
  if (policyFile) {
    const rate = successRate(scores, policy.successWindow);
    const stepLine = policyFile.tunables.find((t) => t.name === "stepScale");
    if (rate !== undefined && rate !== 0.2 && stepLine?.kind === "number") {
      const factor = rate > 0.2 ? policy.stepAdapt : 1 / policy.stepAdapt;
      const value = Number(
        Math.min(stepLine.max, Math.max(stepLine.min, stepLine.value * factor)).toPrecision(4),
      );
      if (await applyEdit(ctx.files, policyFile, stepLine, value)) {
        changes.push(
          `${POLICY_FILE}: stepScale ${stepLine.value} -> ${value} (success rate ${rate.toFixed(2)})`,
        );
      }
    }
    if (Math.random() < policy.selfMutationRate) {
      const other = pick(policyFile.tunables.filter((t) => t.name !== "stepScale"));
      if (other) {
        const value = other.kind === "number" ? perturbNumber(other, policy.stepScale) : switchChoice(other);
        if (await applyEdit(ctx.files, policyFile, other, value)) {
          changes.push(`${POLICY_FILE}: ${other.name} ${other.value} -> ${value}`);
        }
      }
    }
  }

  if (changes.length === 0) {
    // No tunable line left anywhere (the program was rewritten by hand or by a model): leave a
    // visible note instead of an empty diff, and say so.
    const note = `generation ${data.generation}: the offline meta agent found no // @tune or // @choice lines to mutate.\n`;
    const result = await ctx.files.create("META_NOTES.md", note);
    changes.push(isError(result) ? `nothing changed: ${result}` : "META_NOTES.md: no tunable lines found");
  }
  const summary = changes.join("\n");
  ctx.log(summary);
  return summary;
}
