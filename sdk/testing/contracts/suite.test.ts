import { describe, expect, it } from "vitest";
import { UserError } from "../../errors.js";
import { contractSuite } from "./suite.js";

const passes = { name: "passes", run: async () => {} };
const fails = {
  name: "fails",
  run: async () => {
    throw new Error("breach");
  },
};

describe("contractSuite", () => {
  it("runs ungapped cases as they are", async () => {
    const suite = contractSuite("demo", [passes, fails]);
    expect(suite.cases.map((c) => [c.name, c.skip])).toEqual([
      ["passes", undefined],
      ["fails", undefined],
    ]);
    await expect(suite.cases[0]!.run()).resolves.toBeUndefined();
    await expect(suite.cases[1]!.run()).rejects.toThrow("breach");
  });

  it("turns a gapped case around: it passes while the gap exists and fails once the case passes", async () => {
    const suite = contractSuite("demo", [passes, fails], { passes: "not built yet", fails: "not built yet" });
    expect(suite.cases.map((c) => c.skip)).toEqual(["not built yet", "not built yet"]);
    await expect(suite.cases[1]!.run()).resolves.toBeUndefined();
    await expect(suite.cases[0]!.run()).rejects.toThrow(
      /"passes" is declared as a gap \(not built yet\) but passes: remove the gap/,
    );
  });

  it("refuses a gap that names no case, or gives no reason", () => {
    expect(() => contractSuite("demo", [passes], { pases: "typo" })).toThrow(UserError);
    expect(() => contractSuite("demo", [passes], { pases: "typo" })).toThrow(
      /"pases" names no case.*"passes"/,
    );
    expect(() => contractSuite("demo", [passes], { passes: " " })).toThrow(/needs a reason/);
  });
});
