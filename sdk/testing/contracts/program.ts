/**
 * The hyperagent-program contract suite: the program compiles under HYPERAGENT_CONTRACT
 * (task_agent.ts exports solve, meta_agent.ts exports improve), has a README.md, keeps its task
 * agent and meta agent in separate parts, and the ctx types its entries declare name only fields
 * the engine passes (a hand copy in types.ts that drifts fails here). The last case needs the
 * optional `typescript` package.
 */
import assert from "node:assert/strict";
import { checkProgram, HYPERAGENT_CONTRACT } from "../../../sandbox/check-program.js";
import type { MetaData } from "../../evolve/meta-data.js";
import { META_AGENT_ENTRY, programParts, TASK_AGENT_ENTRY } from "../../evolve/program-parts.js";
import { declaredCtx, type CtxShape as Shape } from "./program-ctx.js";
import { type ContractOptions, type ContractSuite, contractSuite } from "./suite.js";

export interface ProgramContractOptions extends ContractOptions {
  /** Suite name (default "Program contract"). */
  name?: string;
}

const FILE_EDITOR: Shape = {
  list: true,
  view: true,
  create: true,
  strReplace: true,
  insert: true,
  undo: true,
};
const LLM: Shape = { generate: true };

// Every field of the engine's MetaData, checked at compile time both ways (none missing, none extra).
const META_DATA = {
  nodeId: true,
  parentId: true,
  generation: true,
  iterationsLeft: true,
  tasks: true,
  evaluations: true,
  peers: true,
  instruction: true,
} as const satisfies Record<keyof MetaData, true>;

/** What the engine passes as ctx to each entry (sandbox/runtime-source.ts; data from evals/evaluate-instances.ts and sdk/evolve/meta-data.ts). */
export const ENGINE_CTX: Readonly<Record<"solve" | "improve", Shape>> = {
  solve: { version: true, data: { task: { id: true, description: true } }, llm: LLM, tools: true, log: true },
  improve: { version: true, files: FILE_EDITOR, llm: LLM, tools: true, log: true, data: META_DATA },
};

export function programContract(
  factory: () => Record<string, string> | Promise<Record<string, string>>,
  options: ProgramContractOptions = {},
): ContractSuite {
  let loaded: Promise<Record<string, string>> | undefined;
  const files = () => {
    loaded ??= Promise.resolve(factory());
    return loaded;
  };
  const cases = [
    {
      name: "has a README.md that describes the program",
      async run() {
        const readme = (await files())["README.md"];
        assert.ok(readme !== undefined, "no README.md: the meta agent reads it to learn the system");
        assert.ok(readme.trim() !== "", "README.md is empty");
      },
    },
    {
      name: "compiles and exports solve and improve",
      async run() {
        const verdict = await checkProgram(await files(), HYPERAGENT_CONTRACT, { timeoutMs: 120_000 });
        assert.ok(verdict.ok, verdict.ok ? "" : `${verdict.stage}: ${verdict.message}`);
      },
    },
    {
      name: "keeps the task agent and the meta agent in separate parts",
      async run() {
        const parts = await programParts(await files());
        assert.ok(
          parts.taskAgent.includes(TASK_AGENT_ENTRY),
          `${TASK_AGENT_ENTRY} is not in the task-agent part`,
        );
        assert.ok(
          parts.metaAgent.includes(META_AGENT_ENTRY),
          `${META_AGENT_ENTRY} is not in the meta-agent part`,
        );
        const both = parts.taskAgent.filter((path) => parts.metaAgent.includes(path));
        assert.deepEqual(both, [], "files in both parts");
      },
    },
    {
      name: "declares only ctx fields the engine passes",
      async run() {
        const program = await files();
        const problems = [
          ...(await declaredCtx(program, TASK_AGENT_ENTRY, "solve", 1, ENGINE_CTX.solve)),
          ...(await declaredCtx(program, META_AGENT_ENTRY, "improve", 0, ENGINE_CTX.improve)),
        ];
        assert.deepEqual(
          problems,
          [],
          `the program's ctx types drifted from the engine's:\n${problems.join("\n")}`,
        );
      },
    },
  ];
  return contractSuite(options.name ?? "Program contract", cases, options.gaps);
}
