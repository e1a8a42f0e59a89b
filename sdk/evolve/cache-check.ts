/** `cache` options that cannot do what they say, refused before the run directory is touched. */
import { existsSync, readdirSync } from "node:fs";
import { UserError } from "../errors.js";
import type { EvolveOptions } from "./options.js";
import type { RunConfig } from "./run-config.js";

export function checkCacheOptions(
  cache: EvolveOptions["cache"],
  config: Pick<RunConfig, "taskModel" | "metaModel">,
): void {
  if (!cache) return;
  if (config.taskModel === "offline" && config.metaModel === "offline") {
    throw new UserError(
      "--cache records a provider's responses, and this run's models are all offline (no API call to record or replay): drop --cache, or pass --model openai:NAME or anthropic:NAME",
    );
  }
  if (cache.mode === "replay") {
    const entries = existsSync(cache.dir)
      ? readdirSync(cache.dir).filter((name) => name.endsWith(".json"))
      : [];
    if (entries.length === 0) {
      throw new UserError(
        `--cache-mode replay needs a recorded cache, and ${cache.dir} ${existsSync(cache.dir) ? "holds no recorded response" : "does not exist"}: record the run first with --cache ${cache.dir} (--cache-mode record is the default)`,
      );
    }
  }
}
