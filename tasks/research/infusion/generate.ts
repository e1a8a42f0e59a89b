/**
 * The Infusion task's data: Blobs-8×8 training and validation images, and the experiments of the
 * test split, each a held-out probe image (one class blended with another) and a target class (the
 * blended-in one). The hidden columns (the probe's class, the blend weight, the dataset seed the
 * evaluator retrains on, the seed of the random-noise control) exist only in testWithLabels.
 */
import type { AirsSplits, Row } from "../../airs/format.js";
import { drawProbe, drawSplit } from "./blobs.js";
import { type Dataset, toDataset } from "./kit/data.js";
import { deriveSeed } from "./kit/random.js";
import { PIXELS } from "./kit/recipe.js";

export const SIZES = { train: 4500, validation: 500, experiments: 12 } as const;

/** The training images of a dataset seed, as the evaluator retrains on them. */
export function trainingSet(seed: number, size: number = SIZES.train): Dataset {
  return toDataset(drawSplit(seed, "train", size), PIXELS);
}

function labelled(seed: number, split: string, count: number): Row[] {
  return drawSplit(seed, split, count).map(({ pixels, label }, index) => ({ index, pixels, label }));
}

export function generate(seed: number): AirsSplits {
  const testWithLabels = Array.from({ length: SIZES.experiments }, (_, experiment) => {
    const { pixels, label, target, weight } = drawProbe(seed, experiment);
    return {
      experiment,
      probe: pixels,
      target,
      probe_label: label,
      blend_weight: Math.round(weight * 1e4) / 1e4,
      data_seed: seed,
      noise_seed: deriveSeed(seed, "noise", experiment),
    };
  });
  return {
    train: labelled(seed, "train", SIZES.train),
    validation: labelled(seed, "validation", SIZES.validation),
    test: testWithLabels.map(({ experiment, probe, target }) => ({ experiment, probe, target })),
    testWithLabels,
  };
}
