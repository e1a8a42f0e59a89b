import { fileURLToPath } from "node:url";
import { readProgramFolder } from "../../evals/read-program.js";
import { programContract } from "../../sdk/testing/contracts/program.js";
import { runContractSuite } from "../../sdk/testing/contracts/test-support.js";

const programs = {
  "agents/initial": "../initial/",
  "agents/offline": "../offline/",
  "agents/airs-greedy": "../airs-greedy/",
  "agents/airs-one-shot": "../airs-one-shot/",
  "agents/airs-offline": "../airs-offline/",
  "agents/pbb-oracle": "../pbb-oracle/",
  "agents/pbb-no-info": "../pbb-no-info/",
  "agents/dejaq-offline": "../dejaq-offline/",
  "examples/custom-meta-agent": "../../examples/custom-meta-agent/",
};

for (const [name, path] of Object.entries(programs)) {
  const dir = fileURLToPath(new URL(path, import.meta.url));
  runContractSuite(programContract(() => readProgramFolder(dir), { name: `Program contract: ${name}` }));
}
