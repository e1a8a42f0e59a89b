/**
 * The Task contract suite on `dejaq` with its real default student (the frozen learner), the
 * offline mutation strategy (agents/dejaq-offline) as the known-good agent.
 */
import { solve } from "../../agents/dejaq-offline/task_agent.js";
import { taskContract } from "../../sdk/testing/contracts/task.js";
import { runContractSuite } from "../../sdk/testing/contracts/test-support.js";
import type { JsonValue } from "../task.js";
import { createDejaqTask } from "./task.js";

const task = createDejaqTask();
const ctx = {
  data: { task: { id: task.id, description: task.description } },
  llm: { generate: () => Promise.reject(new Error("offline: no model")) },
  version: 1 as const,
  tools: {},
  log() {},
};

runContractSuite(
  taskContract(() => task, {
    name: "Task contract: dejaq",
    goodAgent: (input: JsonValue) => solve(input, ctx),
    limit: 3,
  }),
  { timeoutMs: 120_000 },
);
