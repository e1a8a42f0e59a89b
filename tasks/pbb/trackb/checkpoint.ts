/**
 * Checkpoints: one file holding the model config, the vocabulary, the curriculum position, the
 * Adam step, and every parameter and Adam moment as float32. Written to a temporary file, synced
 * and renamed over the old one, so a killed run leaves either the old checkpoint or the new one.
 */
import { open, readFile, rename, rm } from "node:fs/promises";
import { SystemError, UserError } from "../../../sdk/errors.js";
import type { TF } from "../../../sdk/numeric/index.js";
import type { AdamState } from "./adam.js";
import type { ModelConfig } from "./model.js";

type Tensor = ReturnType<TF["tensor"]>;

const MAGIC = "PBBCKPT1";
export const CHECKPOINT_VERSION = 1;

export interface CheckpointHeader {
  version: number;
  config: ModelConfig;
  chars: string[];
  seed: number;
  /** Names and lengths of the stages trained through, in order (the last may be partial). */
  stages: { name: string; steps: number }[];
  /** Training steps done, counted over all stages. */
  step: number;
  shapes: number[][];
}

export interface Checkpoint {
  header: CheckpointHeader;
  params: Tensor[];
  adam: AdamState;
}

export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const { header, params, adam } = checkpoint;
  const tensors = [...params, ...adam.m, ...adam.v];
  const json = Buffer.from(JSON.stringify({ ...header, adamStep: adam.step }), "utf8");
  const pad = (4 - ((MAGIC.length + 4 + json.length) % 4)) % 4;
  const prefix = Buffer.alloc(MAGIC.length + 4 + json.length + pad, 0x20);
  prefix.write(MAGIC, 0, "latin1");
  prefix.writeUInt32LE(json.length + pad, MAGIC.length);
  json.copy(prefix, MAGIC.length + 4);
  const temp = `${path}.tmp-${process.pid}`;
  const file = await open(temp, "w");
  try {
    await file.write(prefix);
    for (const tensor of tensors) {
      const data = (await tensor.data()) as Float32Array;
      await file.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    }
    await file.sync();
  } catch (err) {
    await file.close();
    await rm(temp, { force: true });
    throw new SystemError(`could not write the checkpoint ${path}`, { cause: err });
  }
  await file.close();
  await rename(temp, path);
}

export async function loadCheckpoint(tf: TF, path: string): Promise<Checkpoint> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new UserError(`cannot read the checkpoint ${path}; pass the path of a file a Track B run wrote`, {
      cause: err,
    });
  }
  if (bytes.toString("latin1", 0, MAGIC.length) !== MAGIC) {
    throw new UserError(`${path} is not a Track B checkpoint (its first bytes are not ${MAGIC})`);
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  const raw = JSON.parse(bytes.toString("utf8", start, start + headerLength)) as CheckpointHeader & {
    adamStep: number;
  };
  if (raw.version !== CHECKPOINT_VERSION) {
    throw new UserError(
      `${path} is checkpoint version ${raw.version}; this build reads version ${CHECKPOINT_VERSION}`,
    );
  }
  const floats = new Float32Array(
    bytes.buffer.slice(bytes.byteOffset + start + headerLength, bytes.byteOffset + bytes.length),
  );
  let offset = 0;
  const take = (shape: number[]): Tensor => {
    const size = shape.reduce((a, b) => a * b, 1);
    const tensor = tf.tensor(floats.slice(offset, offset + size), shape);
    offset += size;
    return tensor;
  };
  const params = raw.shapes.map(take);
  const m = raw.shapes.map(take);
  const v = raw.shapes.map(take);
  if (offset !== floats.length) {
    tf.dispose([...params, ...m, ...v]);
    throw new UserError(`${path} is truncated or corrupt: ${floats.length} values for ${offset} expected`);
  }
  const { adamStep, ...header } = raw;
  return { header, params, adam: { step: adamStep, m, v } };
}
