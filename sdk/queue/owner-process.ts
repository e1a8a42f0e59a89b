// A run owner with workers, in its own process (the owner-kill test SIGKILLs it): evolves the
// slow toy task in RUN_DIR from AGENT_DIR on the workers at REDIS_URL, resuming if RUN_DIR holds a run.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { evolve } from "../evolve/evolve.js";
import { toyTask } from "../testing/toy-task.js";

const [runDir, agentDir, url, task, delayMs] = process.argv.slice(2);
if (!runDir || !agentDir || !url || !task)
  throw new Error("usage: owner-process.ts RUN_DIR AGENT_DIR REDIS_URL TASK DELAY_MS");
const summary = await evolve({
  runDir,
  agentDir,
  resume: existsSync(join(runDir, "run.json")),
  ...ownerOptions(task, Number(delayMs)),
  workers: { url, recheckMs: 500 },
  onEvent: (event) => process.stdout.write(`${event.type} ${"nodeId" in event ? event.nodeId : ""}\n`),
});
process.stdout.write(`${JSON.stringify(summary)}\n`);

function ownerOptions(id: string, delay: number) {
  return { tasks: [toyTask({ id, delayMs: delay })], generations: 1, children: 2, parallel: 2, seed: 8 };
}
