/**
 * The original DGM's fixed instruction generator, for the `dgm` baseline: a model reads one
 * failed evaluation of the parent (its worst train instance) and the parent's task agent, and
 * writes a problem statement; a fixed coding agent (the initial meta agent) implements it.
 * With the offline model there is no model to ask, so the statement is a template over the same
 * failure (documented as such).
 */
import type { Engine } from "./engine.js";
import { meteredModel } from "./metered-model.js";

const MAX_CODE = 12_000;

export async function diagnose(
  engine: Engine,
  nodeId: string,
  parentId: string,
  onRefused?: () => void,
): Promise<string> {
  const evaluations = engine.store.evaluations(parentId, "train").sort((a, b) => a.score - b.score);
  const worst = evaluations[0];
  const failure = worst
    ? `task ${worst.taskId}, instance ${worst.instanceId}: score ${worst.score.toFixed(4)}${worst.error ? `, error: ${worst.error}` : ""}${worst.details === undefined ? "" : `, details: ${JSON.stringify(worst.details).slice(0, 1500)}`}`
    : "no train evaluation recorded";
  if (engine.metaModel.id === "offline") {
    return `Improve the task agent where it fails worst (${failure}). Change the strategy or its parameters so this instance scores higher without breaking the others.`;
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
