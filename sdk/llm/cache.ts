import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SystemError } from "../errors.js";
import { contentText } from "./content.js";
import { type ChatMiddleware, wrapModel } from "./middleware.js";
import type { ChatModel, ChatRequest, ChatResponse } from "./types.js";

export type CacheMode = "off" | "record" | "replay";

import { ReplayMissError } from "./errors.js";

export { ReplayMissError };

export interface CacheOptions {
  /** Folder of cassettes: one JSON file per distinct request, named by its hash. */
  dir: string;
  mode: CacheMode;
}

/** The persisted cassette format. Bump `version` when it changes. */
export interface CacheEntry {
  version: 1;
  hash: string;
  modelId: string;
  request: unknown;
  response: ChatResponse;
  recordedAt: string;
}

/**
 * The request as the cache sees it: no abort signal, no metadata (labels for the ledger do not
 * change the answer), no undefined values, object keys sorted.
 */
export function normaliseRequest(modelId: string, request: ChatRequest): unknown {
  const { signal: _signal, metadata: _metadata, ...rest } = request;
  return sortKeys({ model: modelId, ...rest });
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/** sha256 (hex) of the normalised request. */
export function requestHash(modelId: string, request: ChatRequest): string {
  return createHash("sha256")
    .update(JSON.stringify(normaliseRequest(modelId, request)))
    .digest("hex");
}

/**
 * Record/replay cache. "record" calls the model and writes each response to `dir`; "replay"
 * answers only from `dir` (a miss is a UserError naming the request hash) and never touches
 * the network; "off" passes through. Replayed responses carry
 * `middlewareMetadata.cache = { hit: true, hash }`.
 * Cassettes hold the request and response only: never headers or keys.
 */
export function withCache(model: ChatModel, options: CacheOptions): ChatModel {
  if (options.mode === "off") return model;
  return wrapModel({ model, middleware: cacheMiddleware(options) });
}

/** `withCache` as a middleware value for `wrapModel`'s list ("off" passes every call through). */
export function cacheMiddleware(options: CacheOptions): ChatMiddleware {
  const { dir, mode } = options;
  let madeDir: Promise<unknown> | undefined;
  return {
    name: "cache",
    async wrapGenerate({ request, model, doGenerate }): Promise<ChatResponse> {
      if (mode === "off") return doGenerate();
      const normalised = normaliseRequest(model.id, request);
      const hash = createHash("sha256").update(JSON.stringify(normalised)).digest("hex");
      const file = join(dir, `${hash}.json`);
      if (mode === "replay") return replay(file, hash, model.id, dir, request);
      const response = await doGenerate();
      madeDir ??= mkdir(dir, { recursive: true });
      await madeDir;
      const entry: CacheEntry = {
        version: 1,
        hash,
        modelId: model.id,
        request: normalised,
        response: withoutCacheMetadata(response),
        recordedAt: new Date().toISOString(),
      };
      // Write then rename, so a reader never sees half a file.
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(tmp, `${JSON.stringify(entry, null, 2)}\n`);
      await rename(tmp, file);
      return response;
    },
  };
}

async function replay(
  file: string,
  hash: string,
  modelId: string,
  dir: string,
  request: ChatRequest,
): Promise<ChatResponse> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ENOENT") {
      throw new SystemError(`could not read cache entry ${file}`, { cause: error });
    }
    throw new ReplayMissError(
      `No recorded response for request ${hash} (model ${modelId}) in ${dir}. ` +
        `Run once with cache mode "record" to record it. Request: ${snippet(request)}`,
    );
  }
  let entry: CacheEntry;
  try {
    entry = JSON.parse(text) as CacheEntry;
  } catch (error) {
    throw new SystemError(`cache entry ${file} is not valid JSON; delete it and record again`, {
      cause: error,
    });
  }
  // Cassettes recorded before the metadata moved carry `cached`; it is not part of the contract.
  const { cached: _cached, ...response } = entry.response as ChatResponse & { cached?: unknown };
  return { ...response, middlewareMetadata: { ...response.middlewareMetadata, cache: { hit: true, hash } } };
}

/** True when the record/replay cache answered this response from disk. */
export function isCacheHit(response: ChatResponse): boolean {
  return response.middlewareMetadata?.cache?.hit === true;
}

function snippet(request: ChatRequest): string {
  const last = request.messages[request.messages.length - 1];
  const text = last === undefined ? "" : contentText(last.content);
  const short = text.length > 160 ? `${text.slice(0, 160)}…` : text;
  return `${request.messages.length} message(s), last (${last?.role ?? "none"}): ${JSON.stringify(short)}`;
}

function withoutCacheMetadata(response: ChatResponse): ChatResponse {
  const { middlewareMetadata, ...rest } = response;
  if (middlewareMetadata === undefined) return rest;
  const { cache: _cache, ...others } = middlewareMetadata;
  return Object.keys(others).length === 0 ? rest : { ...rest, middlewareMetadata: others };
}
