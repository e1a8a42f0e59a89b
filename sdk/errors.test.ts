import { describe, expect, it } from "vitest";
import { HyperagentsError, ModelOutputError, SystemError, UserError } from "./errors.js";
import { RunStoppedError } from "./evolve/run-stopped.js";
import { ProviderError, ReplayMissError, stopsRun } from "./llm/errors.js";

describe("errors", () => {
  it("are recognised by class from another copy of the package, where instanceof fails", async () => {
    const copy = (await import(
      /* @vite-ignore */ `./errors.js?copy=${Date.now()}`
    )) as typeof import("./errors.js");
    const foreign = new copy.UserError("from the other copy");
    expect(foreign instanceof UserError).toBe(false);
    expect(UserError.isInstance(foreign)).toBe(true);
    expect(HyperagentsError.isInstance(foreign)).toBe(true);
    expect(SystemError.isInstance(foreign)).toBe(false);
    expect(copy.UserError.isInstance(new UserError("back"))).toBe(true);
  });

  it("test for the class and its subclasses only", () => {
    const miss = new ReplayMissError("no recording");
    expect(ReplayMissError.isInstance(miss)).toBe(true);
    expect(UserError.isInstance(miss)).toBe(true);
    expect(ModelOutputError.isInstance(miss)).toBe(false);
    expect(UserError.isInstance(new Error("plain"))).toBe(false);
    expect(UserError.isInstance({ message: "lookalike" })).toBe(false);
  });

  it("decide from the code whether a failed call stops a run", () => {
    const auth = new ProviderError("bad key", {
      kind: "user",
      code: "auth",
      provider: "openai",
      statusCode: 401,
    });
    const limited = new ProviderError("slow down", {
      kind: "system",
      code: "rate_limit",
      provider: "openai",
    });
    expect(stopsRun(auth)).toBe(true);
    expect(stopsRun(new ReplayMissError("no recording"))).toBe(true);
    expect(stopsRun(limited)).toBe(false);
    expect(stopsRun(new Error("anything else"))).toBe(false);
  });

  it("a stopped run names where it stopped and ends with the exact resume command", () => {
    const cause = new ProviderError("openai rejected the API key (HTTP 401)", {
      kind: "user",
      code: "auth",
      provider: "openai",
    });
    const stopped = new RunStoppedError(cause, {
      runDir: "/runs/my run",
      generation: 3,
      nodeId: "g3c1",
      resumable: true,
    });
    expect(stopped.kind).toBe("user");
    expect(stopped.cause).toBe(cause);
    expect(stopped.message).toMatch(/^openai rejected the API key/);
    expect(stopped.message).toMatch(/stopped in generation 3 while making g3c1/);
    expect(stopped.message.endsWith("npx hyperagents evolve --resume '/runs/my run'")).toBe(true);
    const final = new RunStoppedError(new Error("disk"), {
      runDir: "/r",
      generation: 0,
      nodeId: "initial",
      resumable: false,
    });
    expect(final.kind).toBe("system");
    expect(final.message).toMatch(/during the initial evaluation .*cannot be resumed$/);
  });
});
