import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAnthropicModel } from "../llm/anthropic.js";
import { createOpenAIModel } from "../llm/openai.js";
import type { ChatModel } from "../llm/types.js";
import { openRunStore } from "../store/run-store.js";
import {
  type RecordedRequest,
  type StubReply,
  startAnthropicServer,
  startOpenAIServer,
} from "../testing/index.js";
import { toyTask } from "../testing/toy-task.js";
import { evolve } from "./evolve.js";

/**
 * The LLM-driven initial hyperagent, end to end, through the real provider SDKs against local
 * servers that speak their wire formats: the meta agent's tool loop edits the program through
 * ctx.files, the task agent answers with JSON, and every call is metered per node.
 */
function scriptedProvider(): (request: RecordedRequest) => StubReply {
  let metaTurn = 0;
  return (request) => {
    const body = request.body as { tools?: unknown[]; messages: unknown[] };
    const text = JSON.stringify(body.messages);
    if (body.tools && body.tools.length > 0) {
      // Meta agent: look at the task agent, edit it once, then stop (by tool results so far).
      metaTurn++;
      const results = (text.match(/"role":"tool"|"type":"tool_result"/g) ?? []).length;
      if (results === 0) {
        return {
          toolCalls: [{ name: "view", arguments: { path: "task_agent.ts" } }],
          usage: { inputTokens: 900, outputTokens: 20 },
        };
      }
      if (results === 1) {
        return {
          toolCalls: [
            {
              name: "str_replace",
              arguments: {
                path: "task_agent.ts",
                old_str: "const MAX_TOKENS = 8192;",
                new_str: `const MAX_TOKENS = 8192;\nexport const VERSION_${metaTurn} = ${metaTurn};`,
              },
            },
          ],
          usage: { inputTokens: 1200, outputTokens: 60 },
        };
      }
      return { text: "Done: tagged the task agent.", usage: { inputTokens: 1300, outputTokens: 10 } };
    }
    // Task agent: a reasoning preamble, then the answer in a fenced JSON block.
    return {
      text: 'I will answer 9.\n```json\n{"value": 9}\n```',
      usage: { inputTokens: 150, outputTokens: 12 },
    };
  };
}

async function runWith(model: ChatModel, cache?: { dir: string; mode: "record" | "replay" }) {
  const root = mkdtempSync(join(tmpdir(), "ha-llm-run-"));
  const runDir = join(root, "run");
  const summary = await evolve({
    runDir,
    tasks: [toyTask()],
    model,
    generations: 2,
    children: 1,
    selection: "latest",
    ...(cache ? { cache } : {}),
  });
  return { runDir, summary };
}

/** What must be equal between a run and its replay: every node's outcome and program. */
function archiveOf(runDir: string) {
  const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
  const nodes = store
    .nodes()
    .map((n) => ({ id: n.id, parent: n.parentId, status: n.status, tree: n.tree, score: n.score }));
  store.close();
  return nodes;
}

describe("an evolution run with the LLM-driven initial hyperagent", () => {
  for (const provider of ["openai", "anthropic"] as const) {
    it(`works through the real ${provider} client against a local ${provider} server`, async () => {
      const server =
        provider === "openai"
          ? await startOpenAIServer(scriptedProvider())
          : await startAnthropicServer(scriptedProvider());
      try {
        const model =
          provider === "openai"
            ? createOpenAIModel({
                model: "gpt-4o-mini",
                apiKey: "sk-test-secret-0001",
                baseURL: server.baseURL,
                env: {},
              })
            : createAnthropicModel({
                model: "claude-haiku-4-5",
                apiKey: "sk-ant-secret-0001",
                baseURL: server.baseURL,
                env: {},
              });
        const { runDir, summary } = await runWith(model);
        expect(summary.reason).toBe("done");
        expect(summary.validCount).toBe(3);
        // The task agent's answer {"value": 9} scores 1 on the target-9 instance of every split.
        expect(summary.bestScore).toBeGreaterThan(0);
        const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
        const roles = new Map(store.costs().map((c) => [`${c.nodeId}/${c.role}`, c]));
        expect(roles.get("g1c0/meta")?.calls).toBe(3);
        expect(roles.get("g1c0/meta")?.costUsd).toBeGreaterThan(0);
        expect(roles.get("initial/task")?.calls).toBeGreaterThan(0);
        store.close();
        const diff = readFileSync(join(runDir, "nodes", "g1c0", "diff.patch"), "utf8");
        expect(diff).toMatch(/^\+export const VERSION_\d+ = \d+;/m);
        const transcript = JSON.parse(
          readFileSync(join(runDir, "nodes", "g1c0", "transcript.json"), "utf8"),
        ) as unknown[];
        expect(transcript).toHaveLength(3);
        // The key never reaches any file the run wrote.
        const grep = spawnSync("grep", ["-rl", "secret-0001", runDir], { encoding: "utf8" });
        expect(grep.stdout).toBe("");
        expect(grep.status).toBe(1);
      } finally {
        await server.close();
      }
    }, 60_000);
  }

  it("records a whole run's model calls and replays the run with no server, to the same archive", async () => {
    const server = await startOpenAIServer(scriptedProvider());
    const cacheDir = mkdtempSync(join(tmpdir(), "ha-cassette-"));
    const model = createOpenAIModel({
      model: "gpt-4o-mini",
      apiKey: "sk-test-secret-0002",
      baseURL: server.baseURL,
      env: {},
    });
    const recorded = await runWith(model, { dir: cacheDir, mode: "record" });
    const calls = server.requests.length;
    await server.close();
    expect(calls).toBeGreaterThan(3);

    const replayed = await runWith(model, { dir: cacheDir, mode: "replay" });
    expect(archiveOf(replayed.runDir)).toEqual(archiveOf(recorded.runDir));
    expect(replayed.summary.bestScore).toBe(recorded.summary.bestScore);
    const grep = spawnSync("grep", ["-rl", "secret-0002", cacheDir], { encoding: "utf8" });
    expect(grep.stdout).toBe("");
  }, 60_000);
});
