import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SystemError } from "../errors.js";
import { contentText } from "./content.js";
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
 * the network; "off" passes through. Replayed responses carry `cached: true`.
 * Cassettes hold the request and response only: never headers or keys.
 */
export function withCache(model: ChatModel, options: CacheOptions): ChatModel {
  if (options.mode === "off") return model;
  const { dir, mode } = options;
  let madeDir: Promise<unknown> | undefined;
  return {
    id: model.id,
    async generate(request: ChatRequest): Promise<ChatResponse> {
      const normalised = normaliseRequest(model.id, request);
      const hash = createHash("sha256").update(JSON.stringify(normalised)).digest("hex");
      const file = join(dir, `${hash}.json`);
      if (mode === "replay") {
        let text: string;
        try {
          text = await readFile(file, "utf8");
        } catch (error) {
          if ((error as { code?: unknown }).code !== "ENOENT") {
            throw new SystemError(`could not read cache entry ${file}`, { cause: error });
          }
          throw new ReplayMissError(
            `No recorded response for request ${hash} (model ${model.id}) in ${dir}. ` +
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
        return { ...entry.response, cached: true };
      }
      const response = await model.generate(request);
      madeDir ??= mkdir(dir, { recursive: true });
      await madeDir;
      const entry: CacheEntry = {
        version: 1,
        hash,
        modelId: model.id,
        request: normalised,
        response: withoutCachedFlag(response),
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

function snippet(request: ChatRequest): string {
  const last = request.messages[request.messages.length - 1];
  const text = last === undefined ? "" : contentText(last.content);
  const short = text.length > 160 ? `${text.slice(0, 160)}…` : text;
  return `${request.messages.length} message(s), last (${last?.role ?? "none"}): ${JSON.stringify(short)}`;
}

function withoutCachedFlag(response: ChatResponse): ChatResponse {
  const { cached: _cached, ...rest } = response;
  return rest;
}
