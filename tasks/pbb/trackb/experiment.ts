/**
 * One Track B experiment: for each seed, make the splits, build the tokenizer and model, train
 * every curriculum and score it on held-out inputs. Curricula that begin with the same stage
 * (proactive, stage 1 only, io-K) train that stage once per seed and branch from its checkpoint.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { TF } from "../../../sdk/numeric/index.js";
import { makeSplits, type SplitSizes } from "../programs.js";
import {
  allTexts,
  type CurriculumName,
  type CurriculumOptions,
  curriculum,
  trackBData,
} from "./curriculum.js";
import { constantBaseline, evaluateExecution } from "./evaluate.js";
import { type ModelConfig, paramCount } from "./model.js";
import { createTokenizer } from "./tokenizer.js";
import { train } from "./train.js";

export interface ExperimentOptions {
  tf: TF;
  seeds: readonly number[];
  curricula: readonly CurriculumName[];
  sizes: SplitSizes;
  model: Omit<ModelConfig, "vocabSize" | "contextLength">;
  schedule: CurriculumOptions;
  batchSize: number;
  learningRate: number;
  /** Checkpoints go here (one per seed and shared first stage). */
  workDir: string;
  onProgress?: (line: string) => void;
}

export interface ExperimentRow {
  seed: number;
  curriculum: CurriculumName;
  /** Exact match on held-out inputs of the source-only programs: the headline. */
  sourceOnly: number;
  /** Exact match on held-out inputs of the I/O programs: whether execution was learned at all. */
  withIo: number;
  finalLoss: number;
  seconds: number;
  /** The model's parameter count (its vocabulary and context follow the seed's programs). */
  parameters: number;
}

export interface SeedFloor {
  seed: number;
  /** The most common gold answer's share on the source-only held-out inputs. */
  constant: number;
}

export async function runExperiment(
  options: ExperimentOptions,
): Promise<{ rows: ExperimentRow[]; floors: SeedFloor[] }> {
  const { tf } = options;
  await mkdir(options.workDir, { recursive: true });
  const rows: ExperimentRow[] = [];
  const floors: SeedFloor[] = [];
  for (const seed of options.seeds) {
    const data = trackBData(makeSplits(seed, { ...options.sizes, compositions: 0 }));
    const texts = allTexts(data);
    const tokenizer = createTokenizer({ texts });
    const contextLength = Math.max(...texts.map((t) => t.length)) + 2;
    const config: ModelConfig = { ...options.model, vocabSize: tokenizer.vocabSize, contextLength };
    floors.push({ seed, constant: constantBaseline(data, data.sourceOnly) });
    for (const name of options.curricula) {
      const started = performance.now();
      const stages = curriculum(name, data, options.schedule);
      const common = {
        tf,
        config,
        tokenizer,
        stages,
        seed,
        batchSize: options.batchSize,
        learningRate: options.learningRate,
      };
      const first = stages[0]!;
      let resumeFrom: string | undefined;
      if (stages.length > 1) {
        // Train (or reuse) the first stage alone, then branch from its checkpoint.
        const shared = path.join(options.workDir, `seed${seed}-${first.name}-${first.steps}.ckpt`);
        if (!existsSync(shared)) {
          const done = await train({ ...common, stopAtStep: first.steps, checkpointPath: shared });
          tf.dispose([...done.params, ...done.adam.m, ...done.adam.v]);
        }
        resumeFrom = shared;
      }
      const trained = await train({
        ...common,
        ...(resumeFrom === undefined ? {} : { resumeFrom }),
        onStep: ({ step, loss }) => {
          if (step % 50 === 0)
            options.onProgress?.(`seed ${seed} ${name} step ${step} loss ${loss.toFixed(3)}`);
        },
      });
      const sourceOnly = evaluateExecution(tf, config, trained.params, tokenizer, data, data.sourceOnly);
      const withIo = evaluateExecution(
        tf,
        config,
        trained.params,
        tokenizer,
        data,
        data.io.slice(0, data.sourceOnly.length),
      );
      tf.dispose([...trained.params, ...trained.adam.m, ...trained.adam.v]);
      const row: ExperimentRow = {
        seed,
        curriculum: name,
        sourceOnly: sourceOnly.exactMatch,
        withIo: withIo.exactMatch,
        finalLoss: trained.losses.at(-1) ?? Number.NaN,
        seconds: (performance.now() - started) / 1000,
        parameters: paramCount(config),
      };
      rows.push(row);
      const sample = sourceOnly.samples[0];
      options.onProgress?.(
        `seed ${seed} ${name}: source-only ${row.sourceOnly.toFixed(3)}, with-io ${row.withIo.toFixed(3)}` +
          (sample ? ` (e.g. ${sample.prompt}${JSON.stringify(sample.predicted)}, gold ${sample.gold})` : ""),
      );
    }
  }
  return { rows, floors };
}
