/** Flags of `evolve` that contradict each other, refused before anything runs (one line each). */
import { UserError } from "../errors.js";

export function refuseContradictions(options: { cache?: string; cacheMode?: string }): void {
  if (options.cacheMode !== undefined && options.cache === undefined) {
    throw new UserError(
      `--cache-mode ${options.cacheMode} needs --cache DIR: the folder to ${options.cacheMode === "replay" ? "replay the run from" : "record the model's responses in"}`,
    );
  }
}
