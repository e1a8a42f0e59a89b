/**
 * The original DGM's fixed instruction generator, for the `dgm` baselines: a model reads one
 * failed train evaluation of the parent (drawn at random, as DGM-H's dgm baseline does) and the
 * parent's task agent, and writes a problem statement that the coding (meta) agent implements.
 * With the offline model there is no model to ask, so the statement is a template over the same
 * failure (documented as such).
 */
import { deriveSeed, seededRandom } from "../internal/random.js";
import type { Engine } from "./engine.js";
import { meteredModel } from "./metered-model.js";

const MAX_CODE = 12_000;

export async function diagnose(
  engine: Engine,
  nodeId: string,
  parentId: string,
  onRefused?: () => void,
): Promise<string> {
  // As DGM-H's dgm baseline: one failed train instance, drawn at random (seeded by the child).
  const evaluations = engine.store.evaluations(parentId, "train");
  const failed = evaluations.filter((e) => e.score < 1 || e.error);
  const pool = failed.length > 0 ? failed : evaluations;
  const random = seededRandom(deriveSeed(engine.config.seed, "diagnose", nodeId));
  const failedOne = pool[Math.floor(random() * pool.length)];
  const failure = failedOne
    ? `task ${failedOne.taskId}, instance ${failedOne.instanceId}: score ${failedOne.score.toFixed(4)}${failedOne.error ? `, error: ${failedOne.error}` : ""}${failedOne.details === undefined ? "" : `, details: ${JSON.stringify(failedOne.details).slice(0, 1500)}`}`
    : "no train evaluation recorded";
  if (engine.metaModel.id === "offline") {
    return `Improve the task agent where it fails (${failure}). Change the strategy or its parameters so this instance scores higher without breaking the others.`;
  }
  const files = await engine.programs.readFiles(parentId);
  const code = (files["task_agent.ts"] ?? "").slice(0, MAX_CODE);
  const model = meteredModel(engine.metaModel, {
    store: engine.store,
    nodeId,
    role: "diagnose",
    budgetUsd: engine.config.budgetUsd,
    ...(onRefused ? { onRefused } : {}),
  });
  const response = await model.generate({
    system:
      "You diagnose why an agent failed a task instance and write one concrete problem statement for a coding agent to implement. Reply with the problem statement only.",
    messages: [
      {
        role: "user",
        content: `The agent's task_agent.ts:\n\n${code}\n\nOne failed evaluation: ${failure}\n\nTask descriptions:\n${engine.tasks.map((task) => `${task.id}: ${task.description}`).join("\n\n")}\n\nWrite the problem statement: what to change in the agent, and why.`,
      },
    ],
    temperature: 0,
  });
  return response.text.trim();
}
