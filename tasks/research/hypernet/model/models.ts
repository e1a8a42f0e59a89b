/**
 * The two models. Monolithic: one policy network for all instructions, the instruction context c
 * entering the first layer as an input (so, per instruction, it folds into that layer's bias).
 * Hypernetwork: c generates every weight of the small policy through one linear head per block,
 * ψ_b = W_b c + β_b, with the paper's context scaling and head initialisations. Both export, per
 * instruction, a policy of the same 1,571 activated parameters.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { layerSizes, type PolicyTensors } from "./base-policy.js";
import type { ModelConfig } from "./config.js";
import { glorot, type TF, truncatedNormal, variable } from "./init.js";
import { type InstructionEncoder, instructionEncoder } from "./instruction-encoder.js";

export interface PolicyModel {
  encoder: InstructionEncoder;
  variables: tfjs.Variable[];
  /** The variables under decoupled weight decay. */
  decayed: tfjs.Variable[];
  /** The small policies of n instructions, given their one-hot words. */
  policies(oneHot: tfjs.Tensor2D, n: number): PolicyTensors;
}

function layers(config: ModelConfig) {
  const sizes = layerSizes(config.hidden);
  return sizes.slice(1).map((out, l) => ({ inputs: sizes[l]!, out, l }));
}

function monolithic(tf: TF, random: () => number, config: ModelConfig): PolicyModel {
  const encoder = instructionEncoder(tf, random, config.contextDim);
  const kernels = layers(config).map(({ inputs, out, l }) =>
    variable(tf, glorot(random, inputs, out), [inputs, out], `mono/w${l}`),
  );
  const biases = layers(config).map(({ out, l }) => variable(tf, new Float32Array(out), [out], `mono/b${l}`));
  const first = config.hidden[0] ?? 3;
  const fromContext = variable(
    tf,
    glorot(random, config.contextDim, first),
    [config.contextDim, first],
    "mono/wc",
  );
  return {
    encoder,
    variables: [...encoder.variables, ...kernels, ...biases, fromContext],
    decayed: [...kernels, fromContext],
    policies(oneHot, n) {
      const c = encoder.encode(oneHot, n);
      const firstBias = c.matMul(fromContext).add(biases[0]!);
      return { kernels: kernels.map((k) => k as tfjs.Tensor), biases: [firstBias, ...biases.slice(1)] };
    },
  };
}

interface Block {
  name: string;
  shape: number[];
  size: number;
}

/** The initial W_b and β_b of one generated block under the configured init. */
function blockInit(
  random: () => number,
  config: ModelConfig,
  block: Block,
): { weight: Float32Array; offset: Float32Array } {
  const d = config.contextDim;
  const weight = new Float32Array(d * block.size);
  let offset = new Float32Array(block.size);
  if (block.shape.length !== 2) return { weight, offset }; // biases: W_b = 0, β_b = 0 under every init
  const [fanIn, fanOut] = block.shape as [number, number];
  if (config.init === "bias") offset = glorot(random, fanIn, fanOut);
  if (config.init === "variance")
    weight.set(truncatedNormal(random, d * block.size, Math.sqrt(1 / fanIn / (config.scaleContext ? 1 : d))));
  if (config.init === "default") weight.set(glorot(random, d, block.size));
  return { weight, offset };
}

/**
 * The heads of all generated blocks side by side in one W [d_c, ΣP_b] and one β [ΣP_b] (fewer,
 * larger variables: Adam's per-variable overhead dominates such small models), initialised per
 * block; shared blocks are plain variables.
 */
function hypernet(tf: TF, random: () => number, config: ModelConfig): PolicyModel {
  const encoder = instructionEncoder(tf, random, config.contextDim);
  const blocks: Block[] = layers(config).flatMap(({ inputs, out, l }) => [
    { name: `w${l}`, shape: [inputs, out], size: inputs * out },
    { name: `b${l}`, shape: [out], size: out },
  ]);
  const shared = new Map<string, tfjs.Variable>();
  const generated = blocks.filter((b) => !config.shared.includes(b.name));
  const total = generated.reduce((sum, b) => sum + b.size, 0);
  const d = config.contextDim;
  const weight = new Float32Array(d * total);
  const offset = new Float32Array(total);
  let at = 0;
  for (const block of blocks) {
    if (config.shared.includes(block.name)) {
      const values =
        block.shape.length === 2
          ? glorot(random, block.shape[0]!, block.shape[1]!)
          : new Float32Array(block.size);
      shared.set(block.name, variable(tf, values, block.shape, `hn/shared-${block.name}`));
      continue;
    }
    const init = blockInit(random, config, block);
    for (let row = 0; row < d; row++)
      weight.set(init.weight.subarray(row * block.size, (row + 1) * block.size), row * total + at);
    offset.set(init.offset, at);
    at += block.size;
  }
  const heads = variable(tf, weight, [d, total], "hn/W");
  const bias = variable(tf, offset, [total], "hn/beta");
  return {
    encoder,
    variables: [...encoder.variables, heads, bias, ...shared.values()],
    decayed: [...encoder.variables, heads],
    policies(oneHot, n) {
      let c: tfjs.Tensor2D = encoder.encode(oneHot, n);
      if (config.scaleContext) c = c.div(Math.sqrt(d));
      const psi = c.matMul(heads).add(bias);
      let from = 0;
      const tensors = blocks.map((block) => {
        const own = shared.get(block.name);
        if (own !== undefined) return own as tfjs.Tensor;
        const slice = psi.slice([0, from], [n, block.size]).reshape([n, ...block.shape]);
        from += block.size;
        return slice;
      });
      return {
        kernels: tensors.filter((_, i) => i % 2 === 0),
        biases: tensors.filter((_, i) => i % 2 === 1),
      };
    },
  };
}

export function createModel(tf: TF, random: () => number, config: ModelConfig): PolicyModel {
  return config.kind === "monolithic" ? monolithic(tf, random, config) : hypernet(tf, random, config);
}
