import { describe, expect, it } from "vitest";
import { createSandbox } from "../../../sandbox/create-sandbox.js";
import type { Sandbox } from "../../../sandbox/types.js";
import { sandboxContract } from "./sandbox.js";
import type { ContractSuite } from "./suite.js";

function caseOf(suite: ContractSuite, prefix: string) {
  const found = suite.cases.find((c) => c.name.startsWith(prefix));
  if (found === undefined) throw new Error(`no case "${prefix}…" in ${suite.name}`);
  return found;
}

describe("sandboxContract catches a sandbox that breaks the contract", () => {
  it("failures reported without their kind", async () => {
    const untyped = (): Sandbox => {
      const inner = createSandbox();
      return {
        async run(request) {
          const result = await inner.run(request);
          return result.ok ? result : { ...result, kind: "error" };
        },
        dispose: () => inner.dispose(),
      };
    };
    const suite = sandboxContract(untyped);
    await expect(caseOf(suite, "ends an endless loop").run()).rejects.toThrow(
      /failed as error .*, not timeout/,
    );
    await expect(caseOf(suite, "runs an export").run()).resolves.toBeUndefined();
  }, 120_000);

  it("a seed that is not passed on", async () => {
    const unseeded = (): Sandbox => {
      const inner = createSandbox();
      let calls = 0;
      return {
        run: ({ seed: _seed, ...request }) => inner.run({ ...request, seed: calls++ }),
        dispose: () => inner.dispose(),
      };
    };
    await expect(caseOf(sandboxContract(unseeded), "seeds Math.random").run()).rejects.toThrow(/same seed/);
  }, 120_000);

  it("runs accepted after dispose", async () => {
    const inner = createSandbox();
    const leaky = (): Sandbox => ({ run: (request) => inner.run(request), dispose: async () => {} });
    try {
      await expect(caseOf(sandboxContract(leaky), "refuses runs once disposed").run()).rejects.toThrow();
    } finally {
      await inner.dispose();
    }
  }, 120_000);
});
