import { solve } from "../agents/offline/task_agent.js";
import { taskContract } from "../sdk/testing/contracts/task.js";
import { runContractSuite } from "../sdk/testing/contracts/test-support.js";
import { toyTask } from "../sdk/testing/toy-task.js";
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

for (const entry of bundledTasks) {
  const task = await entry.load();
  runContractSuite(
    taskContract(entry.load, { name: `Task contract: ${entry.id}`, goodAgent: offlineAgent(task) }),
    {
      timeoutMs: 300_000,
    },
  );
}

runContractSuite(
  taskContract(() => toyTask(), { name: "Task contract: toy", goodAgent: () => ({ value: 7 }) }),
);
