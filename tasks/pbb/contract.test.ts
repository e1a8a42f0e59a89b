/** The Task contract suite on pbb, with the executing oracle as the agent known to solve it. */
import { solve } from "../../agents/pbb-oracle/task_agent.js";
import type { TaskAgentContext } from "../../agents/pbb-oracle/types.js";
import { taskContract } from "../../sdk/testing/contracts/task.js";
import { runContractSuite } from "../../sdk/testing/contracts/test-support.js";
import type { JsonValue } from "../task.js";
import { createPbbTask } from "./task.js";

const ctx = { log: () => {} } as unknown as TaskAgentContext;

runContractSuite(
  taskContract(() => createPbbTask(), { goodAgent: (input: JsonValue) => solve(input, ctx), limit: 3 }),
);
