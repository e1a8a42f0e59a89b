import { createModel, evaluateProgram, readProgramFolder, SHIPPED_AGENTS } from "hyperagents";
import { loadTask } from "hyperagents/tasks";

// The LLM-driven initial agent on circle packing, with any provider (set OPENAI_API_KEY, or
// OPENAI_BASE_URL for a local server such as Ollama or vLLM).
const result = await evaluateProgram({
  files: readProgramFolder(SHIPPED_AGENTS.initial),
  task: await loadTask("circle-packing"),
  // createModel retries 429s, 5xx and dropped connections (maxRetries, default 2).
  model: createModel(process.env.MODEL ?? "openai:gpt-4o-mini"),
  split: "test",
});
console.log(
  `${result.task}: ${result.mean.toFixed(3)} ± ${result.stderr.toFixed(3)} (${result.failures} failures)`,
);
