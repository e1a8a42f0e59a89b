import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SystemError, UserError } from "../errors.js";
import { openRunStore } from "../store/run-store.js";
import { ioFault, reportFailure } from "./failure.js";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

function realError(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the action to fail");
}

function printed(error: unknown, debug = false) {
  let text = "";
  const code = reportFailure(error, (chunk) => (text += chunk), debug);
  return { code, text };
}

describe("I/O faults are one line naming the path and the errno", () => {
  it("a full disk (a real ENOSPC, wrapped as a cause) is exit 1 without a stack", () => {
    const full = realError(() => writeFileSync("/dev/full", "x"));
    const wrapped = new SystemError("could not write the cache entry", { cause: full });
    expect(ioFault(wrapped)?.code).toBe("ENOSPC");
    const { code, text } = printed(wrapped);
    expect(code).toBe(1);
    expect(text).toMatch(/^hyperagents: write failed: ENOSPC \(no space left on device\): free some space/);
    expect(text.trim().split("\n")).toHaveLength(1);
    expect(text).not.toMatch(/a bug|\n\s+at /);
    expect(printed(wrapped, true).text).toMatch(/\n\s+at /);
  });

  it("git's and SQLite's words for the same faults are recognised", () => {
    expect(
      ioFault(new Error("fatal: Unable to create '/runs/a/program.git/index.lock': Read-only file system")),
    ).toEqual({ code: "EROFS", path: "/runs/a/program.git/index.lock", syscall: undefined });
    expect(ioFault(Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR_WRITE" }))?.code).toBe(
      "EIO",
    );
    expect(ioFault(Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }))?.code).toBe(
      "ENOSPC",
    );
    expect(ioFault(new Error("undefined is not a function"))).toBeUndefined();
  });

  it("a run store the file system refuses names the file (a real SQLITE_READONLY)", () => {
    const file = join(mkdtempSync(join(tmpdir(), "ha-ro-")), "run.sqlite");
    openRunStore(file).close();
    const store = openRunStore(file, { readonly: true });
    const error = realError(() => store.setMeta("k", "v"));
    store.close();
    const { code, text } = printed(error);
    expect(code).toBe(1);
    expect(text).toContain(`I/O failed on ${file}: EROFS`);
    expect(text).not.toMatch(/a bug/);
  });

  it("a user's error stays exit 2, and a bug keeps its stack", () => {
    expect(printed(new UserError("fix --out")).code).toBe(2);
    const bug = printed(new TypeError("x is undefined"));
    expect(bug.code).toBe(1);
    expect(bug.text).toMatch(/a bug; please report it[\s\S]*\n\s+at /);
  });

  it("evolve into a folder the system refuses exits 1 with one line naming it", async () => {
    // /sys refuses new folders (EPERM for root, EACCES otherwise): a real fault, no mocks.
    const io = memoryIo({ env: {} });
    const code = await main(["evolve", "--task", "circle-packing", "--out", "/sys/fs/hyperagents-run"], io);
    expect(code).toBe(1);
    expect(io.err).toMatch(/mkdir failed on \/sys\/fs\/hyperagents-run: (EPERM|EACCES|EROFS)/);
    expect(io.err).not.toMatch(/a bug|\n\s+at /);
    const debug = memoryIo({ env: { HYPERAGENTS_DEBUG: "1" } });
    await main(["evolve", "--task", "circle-packing", "--out", "/sys/fs/hyperagents-run", "--debug"], debug);
    expect(debug.err).toMatch(/\n\s+at /);
  });
});
