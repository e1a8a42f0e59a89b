/**
 * The child's environment is built from an allow-list, never copied from the host's: provider
 * keys and other secrets in the host's environment never reach a solution. HOME and TMPDIR point
 * at the work folder, the only place the child may write.
 */
import { UserError } from "../../sdk/errors.js";

/** Host variables a solution inherits (locale, time zone, search path, GPU selection). */
export const INHERITED_ENV = [
  "PATH",
  "LANG",
  "LC_ALL",
  "LC_CTYPE",
  "TZ",
  "LD_LIBRARY_PATH",
  "CUDA_VISIBLE_DEVICES",
  "TF_CPP_MIN_LOG_LEVEL",
  "HYPERAGENTS_TF_BACKEND",
  "HYPERAGENTS_SEED",
  "HYPERAGENTS_SMOKE",
] as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The child's variables: the inherited ones present in `hostEnv`, then the caller's `extra`.
 * NODE_* variables (NODE_OPTIONS could grant permissions back) are refused in `extra`.
 */
export function childEnv(
  workDir: string,
  hostEnv: NodeJS.ProcessEnv,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = hostEnv[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) {
    if (!NAME.test(name)) throw new UserError(`env: "${name}" is not a valid variable name`);
    if (name.startsWith("NODE_")) {
      throw new UserError(
        `env: ${name} is not allowed: Node's own variables could lift the solution's limits`,
      );
    }
    if (typeof value !== "string") throw new UserError(`env: ${name} must be a string`);
    env[name] = value;
  }
  env.HOME = workDir;
  env.TMPDIR = workDir;
  return env;
}
