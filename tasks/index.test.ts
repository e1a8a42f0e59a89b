import { describe, expect, it } from "vitest";
import { bundledTasks } from "./index.js";

describe("the bundled task list", () => {
  it("declares the splits and instance counts each task has once loaded", async () => {
    for (const entry of bundledTasks) {
      const task = await entry.load();
      expect(task.id).toBe(entry.id);
      const loaded: Record<string, number> = {};
      for (const split of task.splits) loaded[split] = (await task.instances(split)).length;
      expect(entry.splits, entry.id).toEqual(loaded);
      expect(Object.keys(entry.splits), entry.id).toEqual(task.splits);
    }
  }, 120_000);
});
