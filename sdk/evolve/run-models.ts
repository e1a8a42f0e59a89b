/**
 * The models a run calls: resolved from run.json's specs (or the objects passed in), with the
 * run's one retry loop, and for a replay a provider that refuses the network.
 */
import { UserError } from "../errors.js";
import { createModel, withCache, withRetry } from "../llm/index.js";
import type { ChatModel } from "../llm/types.js";
import type { EvolveOptions } from "./options.js";
import type { RunConfig } from "./run-config.js";

/**
 * The run's task and meta models: a model object passed in is used as given on a new run; on a
 * resume, or from a spec, it is resolved from run.json. With `cache`, both go through it.
 */
export function runModels(
  options: Pick<EvolveOptions, "model" | "metaModel" | "cache" | "env">,
  config: Pick<RunConfig, "taskModel" | "metaModel">,
  resumed: boolean,
): { taskModel: ChatModel; metaModel: ChatModel } {
  const cached = (model: ChatModel) => (options.cache ? withCache(model, options.cache) : model);
  const replay = options.cache?.mode === "replay";
  const taskModel = cached(
    typeof options.model === "object" && !resumed
      ? options.model
      : resolveModel(options.model, config.taskModel, replay, options.env),
  );
  const metaModel = cached(
    typeof options.metaModel === "object" && !resumed
      ? options.metaModel
      : resolveModel(options.metaModel ?? options.model, config.metaModel, replay, options.env),
  );
  return { taskModel, metaModel };
}

export function resolveModel(
  given: string | ChatModel | undefined,
  spec: string,
  replay: boolean,
  env: Record<string, string | undefined> | undefined,
): ChatModel {
  if (typeof given === "object" && given.id === spec) return given;
  if (spec === "offline") return createModel(spec);
  // maxRetries 0: the withRetry below is the run's one retry loop (createModel's would nest in it).
  const base = { maxRetries: 0, ...(env ? { env } : {}) };
  // Replaying needs no key: the cache answers, and the provider behind it may never be reached.
  const provider = createModel(
    spec,
    replay ? { ...base, apiKey: "replay-needs-no-key", fetch: refuseNetwork } : base,
  );
  // Provider clients do no retries of their own; the run retries 429s, 5xx and timeouts here.
  return withRetry(provider);
}

const refuseNetwork: typeof fetch = async () => {
  throw new UserError(
    "a replayed run makes no API calls: record the run first (--cache DIR --cache-mode record)",
  );
};
