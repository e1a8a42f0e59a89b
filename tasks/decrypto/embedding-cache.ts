/**
 * Builds the WordNet embeddings once and caches them under the user's cache directory:
 * $HYPERAGENTS_CACHE_DIR, else $XDG_CACHE_HOME/hyperagents, else ~/.cache/hyperagents.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { SystemError } from "../../sdk/errors.js";
import { userCacheDir } from "../../sdk/internal/cache-dir.js";
import { buildEmbeddings, DEFAULT_BUILD, type EmbeddingBuildOptions } from "./build-embeddings.js";
import { createEmbeddings, type Embeddings } from "./embeddings.js";
import { type ProgressFn, terminalProgress } from "./progress.js";

const FORMAT_VERSION = 1;

export const cacheDir = userCacheDir;

export interface LoadEmbeddingsOptions {
  /** Build parameters; the cache key covers them. */
  build?: Omit<EmbeddingBuildOptions, "progress">;
  cacheDir?: string;
  /** A progress callback; by default a bar on stderr when it is a terminal. */
  progress?: ProgressFn;
}

export interface LoadedEmbeddings {
  embeddings: Embeddings;
  /** Where the vectors live on disk. */
  file: string;
  /** Build time in seconds when this call built them, undefined when read from the cache. */
  buildSeconds?: number;
  backend?: string;
}

interface Meta {
  version: number;
  params: Required<Omit<EmbeddingBuildOptions, "progress">>;
  dim: number;
  words: string[];
  buildSeconds: number;
  backend: string;
}

const memo = new Map<string, Promise<LoadedEmbeddings>>();

export function embeddingsFile(options: LoadEmbeddingsOptions = {}): {
  base: string;
  params: Meta["params"];
} {
  const params = { ...DEFAULT_BUILD, ...options.build };
  const hash = createHash("sha256")
    .update(JSON.stringify({ v: FORMAT_VERSION, ...params }))
    .digest("hex")
    .slice(0, 12);
  return { base: path.join(options.cacheDir ?? cacheDir(), `decrypto-embeddings-${hash}`), params };
}

async function readCached(base: string): Promise<Embeddings | undefined> {
  try {
    const meta = JSON.parse(await readFile(`${base}.json`, "utf8")) as Meta;
    if (meta.version !== FORMAT_VERSION) return undefined;
    const buf = await readFile(`${base}.f32`);
    const vectors = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    if (vectors.length !== meta.words.length * meta.dim) return undefined;
    return createEmbeddings(meta.words, meta.dim, vectors);
  } catch {
    return undefined;
  }
}

async function buildAndStore(
  base: string,
  params: Meta["params"],
  progress: ProgressFn,
): Promise<LoadedEmbeddings> {
  const built = await buildEmbeddings({ ...params, progress });
  const { embeddings } = built;
  const meta: Meta = {
    version: FORMAT_VERSION,
    params,
    dim: embeddings.dim,
    words: [...embeddings.words],
    buildSeconds: built.seconds,
    backend: built.backend,
  };
  try {
    await mkdir(path.dirname(base), { recursive: true });
    // Write to temporary names and rename, so a concurrent reader never sees half a file.
    const tmp = `${base}.${process.pid}.tmp`;
    await writeFile(
      `${tmp}.f32`,
      new Uint8Array(embeddings.vectors.buffer, embeddings.vectors.byteOffset, embeddings.vectors.byteLength),
    );
    await writeFile(`${tmp}.json`, JSON.stringify(meta));
    await rename(`${tmp}.f32`, `${base}.f32`);
    await rename(`${tmp}.json`, `${base}.json`);
  } catch (err) {
    throw new SystemError(`could not write the Decrypto embeddings cache at ${base}: ${String(err)}`, {
      cause: err,
    });
  }
  return { embeddings, file: `${base}.f32`, buildSeconds: built.seconds, backend: built.backend };
}

/** The embeddings, from the in-process memo, the disk cache, or a fresh build (seconds). */
export function loadEmbeddings(options: LoadEmbeddingsOptions = {}): Promise<LoadedEmbeddings> {
  const { base, params } = embeddingsFile(options);
  let pending = memo.get(base);
  if (pending === undefined) {
    pending = (async () => {
      const cached = await readCached(base);
      if (cached !== undefined) return { embeddings: cached, file: `${base}.f32` };
      return buildAndStore(base, params, options.progress ?? terminalProgress());
    })();
    memo.set(base, pending);
    pending.catch(() => memo.delete(base));
  }
  return pending;
}
