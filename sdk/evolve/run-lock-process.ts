// Runs (or resumes) a toy evolution in the run directory given as the first argument and, after
// its first generation, holds the run (and its lock) until a line arrives on stdin. The run-lock
// test starts a second writer meanwhile, and kills this process to leave a stale lock.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { toyTask, writeToyProgram } from "../testing/toy-task.js";
import { evolve } from "./evolve.js";

const runDir = process.argv[2];
const agentDir = process.argv[3];
if (!runDir || !agentDir) throw new Error("usage: run-lock-process.ts RUN_DIR AGENT_DIR");
if (!existsSync(join(agentDir, "task_agent.ts"))) writeToyProgram(agentDir);
let held = false;
const summary = await evolve({
  runDir,
  resume: existsSync(join(runDir, "run.json")),
  tasks: [toyTask()],
  agentDir,
  generations: 2,
  children: 1,
  parallel: 1,
  seed: 3,
  onGenerationEnd: async () => {
    if (held) return;
    held = true;
    process.stdout.write("holding\n");
    await new Promise((resolve) => process.stdin.once("data", resolve));
  },
});
process.stdout.write(`${JSON.stringify(summary)}\n`);
// stdin stays open: exit rather than wait for it.
process.exit(0);
