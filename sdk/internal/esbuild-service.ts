/**
 * esbuild's build() through its long-lived service process. That process shares the terminal's
 * process group, so Ctrl-C stops it while the host goes on (finishing a run cleanly, writing the
 * report). A build that finds the service stopped restarts it once instead of failing: a program
 * must never be blamed, or a bundle cached as failed, because of the user's Ctrl-C.
 */
import { type BuildOptions, type BuildResult, build, stop } from "esbuild";

function serviceStopped(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /service (was stopped|is no longer running)|The service was stopped/i.test(message);
}

/** esbuild's own parameter type (not exported by its typings). */
type Exactly<T extends BuildOptions> = T & { [Key in Exclude<keyof T, keyof BuildOptions>]: never };

export async function buildWithService<T extends BuildOptions>(options: Exactly<T>): Promise<BuildResult<T>> {
  try {
    return await build(options);
  } catch (error) {
    if (!serviceStopped(error)) throw error;
    // stop() forgets the dead process; the next call starts a new one.
    await stop();
    return await build(options);
  }
}
