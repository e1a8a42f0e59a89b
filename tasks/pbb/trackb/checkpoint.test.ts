import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HyperagentsError } from "../../../sdk/errors.js";
import { loadTensorFlow } from "../../../sdk/numeric/index.js";
import { makeSplits } from "../programs.js";
import { loadCheckpoint } from "./checkpoint.js";
import { allTexts, curriculum, trackBData } from "./curriculum.js";
import type { ModelConfig } from "./model.js";
import { createTokenizer } from "./tokenizer.js";
import { train } from "./train.js";

const dir = await mkdtemp(path.join(os.tmpdir(), "pbb-trackb-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

// Short arithmetic programs keep the sequences (and the test) small.
const splits = makeSplits(2, { withIo: 3, sourceOnly: 2, compositions: 0, cipherFraction: 0 });
const data = trackBData(splits);
const tokenizer = createTokenizer({ texts: allTexts(data) });
const contextLength = Math.max(...allTexts(data).map((t) => t.length)) + 2;
const config: ModelConfig = {
  vocabSize: tokenizer.vocabSize,
  contextLength,
  dModel: 16,
  heads: 2,
  layers: 1,
  dFF: 32,
};
const stages = curriculum("proactive", data, { stage1Steps: 3, stage2Steps: 2 });

describe("Track B checkpoints", () => {
  it("train 3 steps, stop, resume: the same weights as 5 steps straight through", async () => {
    const { tf } = await loadTensorFlow();
    const common = {
      tf,
      config,
      tokenizer,
      stages,
      seed: 9,
      batchSize: 3,
      learningRate: 3e-3,
      warmupSteps: 2,
    };
    const straight = await train(common);
    const file = path.join(dir, "run.ckpt");
    const first = await train({ ...common, stopAtStep: 3, checkpointPath: file });
    expect(first.step).toBe(3);
    const saved = await loadCheckpoint(tf, file);
    expect(saved.header.step).toBe(3);
    expect(saved.header.stages.map((s) => s.name)).toEqual(["source-stage1"]);
    expect(saved.adam.step).toBe(3);
    const resumed = await train({ ...common, resumeFrom: file });
    expect(resumed.step).toBe(5);
    expect(resumed.losses).toEqual(straight.losses.slice(3));
    for (let i = 0; i < straight.params.length; i++) {
      expect(Array.from(await resumed.params[i]!.data())).toEqual(
        Array.from(await straight.params[i]!.data()),
      );
    }
    expect((await readdir(dir)).filter((name) => name.includes(".tmp"))).toEqual([]);
  });

  it("refuses a checkpoint whose stages do not begin the curriculum, or that is not a checkpoint", async () => {
    const { tf } = await loadTensorFlow();
    const file = path.join(dir, "branch.ckpt");
    await train({
      tf,
      config,
      tokenizer,
      stages,
      seed: 9,
      batchSize: 2,
      learningRate: 1e-3,
      stopAtStep: 3,
      checkpointPath: file,
    });
    const english = curriculum("english", data, { stage1Steps: 3, stage2Steps: 2 });
    const common = { tf, config, tokenizer, seed: 9, batchSize: 2, learningRate: 1e-3 };
    await expect(train({ ...common, stages: english, resumeFrom: file })).rejects.toThrow(
      /do not begin this curriculum/,
    );
    // io-4 begins with the same stage 1, so it branches from it.
    const io = await train({
      ...common,
      stages: curriculum("io-4", data, { stage1Steps: 3, stage2Steps: 1 }),
      resumeFrom: file,
    });
    expect(io.step).toBe(4);
    let caught: unknown;
    try {
      await loadCheckpoint(tf, path.join(dir, "missing.ckpt"));
    } catch (err) {
      caught = err;
    }
    expect(HyperagentsError.is(caught) && caught.kind).toBe("user");
  });
});
