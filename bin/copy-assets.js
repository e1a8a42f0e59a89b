// Part of `npm run build`: the files a compiled package reads at run time beside its JavaScript
// (the shipped agent programs, the report's page script, Decrypto's keyword list, the
// AIRS suite's metadata, descriptions and the evaluator sources its prompts quote).
import { cpSync } from "node:fs";
import { join } from "node:path";

const outDir = process.argv[2] ?? "dist";
for (const folder of [
  "agents/initial",
  "agents/offline",
  "agents/airs-one-shot",
  "agents/airs-greedy",
  "agents/airs-offline",
  "agents/pbb-oracle",
  "agents/pbb-no-info",
  "agents/dejaq-offline",
  "sdk/report/client",
  "tasks/decrypto/data",
  "tasks/airs/suite",
  "tasks/research",
]) {
  cpSync(folder, join(outDir, folder), { recursive: true });
}
