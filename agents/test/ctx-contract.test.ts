/**
 * The ctx contract (sandbox/ctx-contract.ts) against its hand copies and the runtime.
 *
 * Compile time (`npm run typecheck`): each shipped program's types.ts must equal the contract
 * exactly, the example's narrower `Ctx` must be satisfied by it, and the contract's model types
 * must equal the SDK's. A copy that drifts (a field renamed, finishReason widened back to
 * string) fails the type check at the `Equals` line that names it.
 *
 * Run time: a real sandbox gives each entry point the fields the contract declares, with
 * `ctx.version` equal to CTX_VERSION.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type * as Example from "../../examples/custom-meta-agent/types.js";
import { createSandbox } from "../../sandbox/create-sandbox.js";
import type * as Contract from "../../sandbox/ctx-contract.js";
import { CTX_VERSION } from "../../sandbox/ctx-contract.js";
import type * as Sdk from "../../sdk/llm/types.js";
import type * as AirsGreedy from "../airs-greedy/types.js";
import type * as AirsOffline from "../airs-offline/types.js";
import type * as AirsOneShot from "../airs-one-shot/types.js";
import type * as DejaqOffline from "../dejaq-offline/types.js";
import type * as Initial from "../initial/types.js";
import type * as Offline from "../offline/types.js";
import type * as PbbNoInfo from "../pbb-no-info/types.js";
import type * as PbbOracle from "../pbb-oracle/types.js";

/** True only when A and B are the same type (optional, readonly and literal types included). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** True when a value of A can be used where B is expected. */
type Assignable<A, B> = [A] extends [B] ? true : false;

/** The contract's types a copy must restate. */
interface Restated {
  TaskAgentContext: unknown;
  MetaAgentContext: unknown;
  MetaData: unknown;
  ChatRequest: unknown;
  ChatResponse: unknown;
  FileEditor: unknown;
  TaskTools: unknown;
}
type CopyChecks<C extends Restated> = [
  Equals<C["TaskAgentContext"], Contract.TaskAgentContext>,
  Equals<C["MetaAgentContext"], Contract.MetaAgentContext>,
  Equals<C["MetaData"], Contract.MetaData>,
  Equals<C["ChatRequest"], Contract.ChatRequest>,
  Equals<C["ChatResponse"], Contract.ChatResponse>,
  Equals<C["FileEditor"], Contract.FileEditor>,
  Equals<C["TaskTools"], Contract.TaskTools>,
];
// Types of a module namespace are reached through these aliases (a namespace is not a type).
type InitialTypes = {
  TaskAgentContext: Initial.TaskAgentContext;
  MetaAgentContext: Initial.MetaAgentContext;
  MetaData: Initial.MetaData;
  ChatRequest: Initial.ChatRequest;
  ChatResponse: Initial.ChatResponse;
  FileEditor: Initial.FileEditor;
  TaskTools: Initial.TaskTools;
};
type OfflineTypes = {
  TaskAgentContext: Offline.TaskAgentContext;
  MetaAgentContext: Offline.MetaAgentContext;
  MetaData: Offline.MetaData;
  ChatRequest: Offline.ChatRequest;
  ChatResponse: Offline.ChatResponse;
  FileEditor: Offline.FileEditor;
  TaskTools: Offline.TaskTools;
};

type AirsGreedyTypes = {
  TaskAgentContext: AirsGreedy.TaskAgentContext;
  MetaAgentContext: AirsGreedy.MetaAgentContext;
  MetaData: AirsGreedy.MetaData;
  ChatRequest: AirsGreedy.ChatRequest;
  ChatResponse: AirsGreedy.ChatResponse;
  FileEditor: AirsGreedy.FileEditor;
  TaskTools: AirsGreedy.TaskTools;
};
type AirsOneShotTypes = {
  TaskAgentContext: AirsOneShot.TaskAgentContext;
  MetaAgentContext: AirsOneShot.MetaAgentContext;
  MetaData: AirsOneShot.MetaData;
  ChatRequest: AirsOneShot.ChatRequest;
  ChatResponse: AirsOneShot.ChatResponse;
  FileEditor: AirsOneShot.FileEditor;
  TaskTools: AirsOneShot.TaskTools;
};
type PbbOracleTypes = {
  TaskAgentContext: PbbOracle.TaskAgentContext;
  MetaAgentContext: PbbOracle.MetaAgentContext;
  MetaData: PbbOracle.MetaData;
  ChatRequest: PbbOracle.ChatRequest;
  ChatResponse: PbbOracle.ChatResponse;
  FileEditor: PbbOracle.FileEditor;
  TaskTools: PbbOracle.TaskTools;
};
type PbbNoInfoTypes = {
  TaskAgentContext: PbbNoInfo.TaskAgentContext;
  MetaAgentContext: PbbNoInfo.MetaAgentContext;
  MetaData: PbbNoInfo.MetaData;
  ChatRequest: PbbNoInfo.ChatRequest;
  ChatResponse: PbbNoInfo.ChatResponse;
  FileEditor: PbbNoInfo.FileEditor;
  TaskTools: PbbNoInfo.TaskTools;
};
type DejaqOfflineTypes = {
  TaskAgentContext: DejaqOffline.TaskAgentContext;
  MetaAgentContext: DejaqOffline.MetaAgentContext;
  MetaData: DejaqOffline.MetaData;
  ChatRequest: DejaqOffline.ChatRequest;
  ChatResponse: DejaqOffline.ChatResponse;
  FileEditor: DejaqOffline.FileEditor;
  TaskTools: DejaqOffline.TaskTools;
};
type AirsOfflineTypes = {
  TaskAgentContext: AirsOffline.TaskAgentContext;
  MetaAgentContext: AirsOffline.MetaAgentContext;
  MetaData: AirsOffline.MetaData;
  ChatRequest: AirsOffline.ChatRequest;
  ChatResponse: AirsOffline.ChatResponse;
  FileEditor: AirsOffline.FileEditor;
  TaskTools: AirsOffline.TaskTools;
};
const initialChecks: CopyChecks<InitialTypes> = [true, true, true, true, true, true, true];
const offlineChecks: CopyChecks<OfflineTypes> = [true, true, true, true, true, true, true];
const pbbOracleChecks: CopyChecks<PbbOracleTypes> = [true, true, true, true, true, true, true];
const pbbNoInfoChecks: CopyChecks<PbbNoInfoTypes> = [true, true, true, true, true, true, true];
const dejaqOfflineChecks: CopyChecks<DejaqOfflineTypes> = [true, true, true, true, true, true, true];
const airsOfflineChecks: CopyChecks<AirsOfflineTypes> = [true, true, true, true, true, true, true];
const airsGreedyChecks: CopyChecks<AirsGreedyTypes> = [true, true, true, true, true, true, true];
const airsOneShotChecks: CopyChecks<AirsOneShotTypes> = [true, true, true, true, true, true, true];
// The example declares only what it uses: the contract's ctx must satisfy it.
const exampleChecks: [Assignable<Contract.MetaAgentContext, Example.Ctx>] = [true];
// The contract's model types are the SDK's, as JSON (no AbortSignal crosses the boundary).
const sdkChecks: [
  Equals<Contract.ChatRequest, Omit<Sdk.ChatRequest, "signal">>,
  Equals<Contract.ChatResponse, Sdk.ChatResponse>,
  Equals<Contract.FinishReason, Sdk.FinishReason>,
  Equals<Contract.ToolSpec, Sdk.ToolSpec>,
] = [true, true, true, true];

// Every field of each context, checked at compile time both ways (none missing, none extra).
const TASK_FIELDS = {
  version: true,
  data: true,
  llm: true,
  tools: true,
  log: true,
} as const satisfies Record<keyof Contract.TaskAgentContext, true>;
const META_FIELDS = {
  version: true,
  files: true,
  llm: true,
  tools: true,
  log: true,
  data: true,
} as const satisfies Record<keyof Contract.MetaAgentContext, true>;

describe("the ctx contract", () => {
  it("is checked against every copy at compile time", () => {
    expect(
      [
        ...initialChecks,
        ...offlineChecks,
        ...airsGreedyChecks,
        ...airsOneShotChecks,
        ...airsOfflineChecks,
        ...pbbOracleChecks,
        ...pbbNoInfoChecks,
        ...dejaqOfflineChecks,
        ...exampleChecks,
        ...sdkChecks,
      ].every(Boolean),
    ).toBe(true);
  });

  it("is what the sandbox gives each entry point, with ctx.version", async () => {
    const sandbox = createSandbox({ timeoutMs: 10_000, memoryMb: 64 });
    const root = await mkdtemp(join(tmpdir(), "hyperagents-ctx-contract-"));
    try {
      const source = `export function main(_: unknown, ctx: Record<string, unknown>) {
        return { keys: Object.keys(ctx).sort(), version: ctx.version, frozen: Object.isFrozen(ctx) };
      }`;
      const task = await sandbox.run({
        files: { "main.ts": source },
        entry: "main.ts",
        export: "main",
        input: null,
        capabilities: { data: { task: { id: "t", description: "d" } } },
      });
      const meta = await sandbox.run({
        files: { "main.ts": source },
        entry: "main.ts",
        export: "main",
        input: null,
        capabilities: { files: { root }, data: { iterationsLeft: 1 } },
      });
      const sorted = (fields: object) => Object.keys(fields).sort();
      expect(meta).toMatchObject({
        ok: true,
        value: { keys: sorted(META_FIELDS), version: CTX_VERSION, frozen: true },
      });
      // The runtime gives every entry the same fields; a task agent's files has no folder behind it.
      expect(task).toMatchObject({
        ok: true,
        value: { keys: sorted({ ...TASK_FIELDS, files: true }), version: 1 },
      });
    } finally {
      await sandbox.dispose();
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});
