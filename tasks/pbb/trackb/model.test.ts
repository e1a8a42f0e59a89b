import { describe, expect, it } from "vitest";
import { loadTensorFlow } from "../../../sdk/numeric/index.js";
import { initAdam } from "./adam.js";
import { greedyDecode } from "./decode.js";
import { forward, initParams, type ModelConfig, paramCount, paramSpecs } from "./model.js";
import { batchLoss, makeBatch, trainStep } from "./step.js";
import { createTokenizer } from "./tokenizer.js";

const config: ModelConfig = { vocabSize: 12, contextLength: 16, dModel: 16, heads: 2, layers: 2, dFF: 32 };

describe("the Track B transformer", () => {
  it("maps [batch, time] ids to [batch, time, vocab] logits, and counts its parameters", async () => {
    const { tf } = await loadTensorFlow();
    const params = initParams(tf, config, 1);
    const logits = forward(
      tf,
      config,
      params,
      tf.tensor2d(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        [2, 3],
        "int32",
      ),
    );
    expect(logits.shape).toEqual([2, 3, 12]);
    const counted = params.reduce((sum, p) => sum + p.size, 0);
    expect(paramCount(config)).toBe(counted);
    // The bench's large configuration stays under the 5M budget.
    expect(
      paramCount({ vocabSize: 60, contextLength: 448, dModel: 256, heads: 8, layers: 6, dFF: 768 }),
    ).toBeLessThan(5e6);
    expect(paramSpecs(config).map((s) => s.name)).toContain("l1.qkv.w");
    tf.dispose([...params, logits]);
  });

  it("is causal: changing a later token leaves earlier logits unchanged", async () => {
    const { tf } = await loadTensorFlow();
    const params = initParams(tf, config, 2);
    const logitsOf = async (ids: number[]) =>
      (await forward(tf, config, params, tf.tensor2d([ids], [1, 5], "int32")).array()) as number[][][];
    const a = await logitsOf([3, 4, 5, 6, 7]);
    const b = await logitsOf([3, 4, 5, 9, 2]);
    for (let t = 0; t < 3; t++) {
      for (let v = 0; v < config.vocabSize; v++) expect(b[0]![t]![v]).toBeCloseTo(a[0]![t]![v]!, 5);
    }
    expect(b[0]![3]).not.toEqual(a[0]![3]);
    tf.dispose(params);
  });

  it("starts from the seed alone", async () => {
    const { tf } = await loadTensorFlow();
    const [a] = initParams(tf, config, 7);
    const [b] = initParams(tf, config, 7);
    const [c] = initParams(tf, config, 8);
    expect(Array.from(await a!.data())).toEqual(Array.from(await b!.data()));
    expect(Array.from(await a!.data())).not.toEqual(Array.from(await c!.data()));
  });

  it("lowers the loss of a batch with a few training steps, then decodes what it learned", async () => {
    const { tf } = await loadTensorFlow();
    const tokenizer = createTokenizer({ texts: ["abc(1) = 2", "abc(3) = 4"] });
    const cfg = { ...config, vocabSize: tokenizer.vocabSize };
    let params = initParams(tf, cfg, 3);
    let adam = initAdam(tf, params);
    const batch = makeBatch(tf, tokenizer, ["abc(1) = 2", "abc(3) = 4"], cfg.contextLength);
    const before = (await batchLoss(tf, cfg, params, batch).data())[0]!;
    const tensorsBefore = tf.memory().numTensors;
    for (let i = 0; i < 150; i++) ({ params, adam } = trainStep(tf, cfg, params, adam, batch, 1e-2));
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const after = (await batchLoss(tf, cfg, params, batch).data())[0]!;
    expect(after).toBeLessThan(before * 0.5);
    expect(greedyDecode(tf, cfg, params, tokenizer, ["abc(1) = ", "abc(3) = "], { maxNewTokens: 4 })).toEqual(
      ["2", "4"],
    );
  });
});
