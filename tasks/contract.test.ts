import { readFileSync } from "node:fs";
import { join } from "node:path";
import { solve } from "../agents/offline/task_agent.js";
import { taskContract } from "../sdk/testing/contracts/task.js";
import { runContractSuite } from "../sdk/testing/contracts/test-support.js";
import { toyTask } from "../sdk/testing/toy-task.js";
import { AIRS_SUITE_DIR } from "./airs/index.js";
import { bundledTasks } from "./index.js";
import type { JsonValue, Task } from "./task.js";

/** The offline agent's solve, for tasks it plays (circle packing and Decrypto). */
function offlineAgent(task: Task) {
  const ctx = {
    data: { task: { id: task.id, description: task.description } },
    llm: { generate: () => Promise.reject(new Error("offline: no model")) },
    version: 1 as const,
    tools: {},
    log() {},
  };
  return (input: JsonValue) => solve(input, ctx);
}

/** For AIRS tasks: the task's own reference solution, which scores its SOTA (normalised 1). */
function referenceSolutionAgent(input: JsonValue) {
  const id = (input as { task?: unknown }).task;
  const name = typeof id === "string" ? id.replace(/^airs\//, "") : "";
  return { solution: readFileSync(join(AIRS_SUITE_DIR, name, "reference.ts"), "utf8") };
}

/**
 * The AIRS tasks share one adapter and differ only in data (each suite folder's own test runs its
 * naive and reference solutions): the suite task and one member stand for all, since every
 * garbage reply here is a solution run in a child process. The research tasks are AIRS tasks
 * through the same adapter (tasks/research/index.ts); each folder's own test runs its naive and
 * reference solutions through the runner at smoke size.
 */
const CONTRACT_TASKS = bundledTasks.filter(
  // pbb and dejaq run it in their own folders, with their own known-good agents.
  (entry) =>
    !["pbb", "dejaq"].includes(entry.id) &&
    !entry.id.startsWith("research/") &&
    (!entry.id.startsWith("airs/") || entry.id === "airs/molecule-energy"),
);

for (const entry of CONTRACT_TASKS) {
  const task = await entry.load();
  const goodAgent =
    entry.id === "airs" || entry.id.startsWith("airs/") ? referenceSolutionAgent : offlineAgent(task);
  runContractSuite(taskContract(entry.load, { name: `Task contract: ${entry.id}`, goodAgent }), {
    timeoutMs: 300_000,
  });
}

runContractSuite(
  taskContract(() => toyTask(), { name: "Task contract: toy", goodAgent: () => ({ value: 7 }) }),
);
