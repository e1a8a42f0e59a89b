import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readProgramFolder, runMetaAgent } from "hyperagents";
import { createSandbox } from "hyperagents/sandbox";
import { scriptedModel } from "hyperagents/testing";

// Test a meta agent without any API: a scripted model answers, the real sandbox runs the agent
// on a scratch copy of its program exactly as a run would, and we read what it wrote.
const worktree = mkdtempSync(join(tmpdir(), "meta-"));
cpSync(new URL("./custom-meta-agent", import.meta.url), worktree, { recursive: true });
const sandbox = createSandbox({ timeoutMs: 10_000, memoryMb: 128 });
const result = await runMetaAgent({
  sandbox,
  files: readProgramFolder(worktree),
  worktree,
  model: scriptedModel([
    { text: "```ts\nexport async function solve() {\n  return { circles: [] };\n}\n```" },
  ]),
  data: { iterationsLeft: 3, evaluations: [] },
});
await sandbox.dispose();
console.log(
  result.ok ? `meta agent finished: ${String(result.value)}` : `meta agent failed: ${result.message}`,
);
console.log(readFileSync(join(worktree, "task_agent.ts"), "utf8"));
