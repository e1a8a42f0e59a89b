/** A run's limits: defaults, validation, and the wall-clock backstop derived from the time limit. */
import { UserError } from "../sdk/errors.js";
import type { Limits } from "./types.js";

export type ResolvedLimits = Required<Limits>;

export const DEFAULT_LIMITS: Readonly<Omit<ResolvedLimits, "wallTimeoutMs">> = {
  timeoutMs: 30_000,
  memoryMb: 128,
  maxToolCalls: 1_000,
  maxOutputBytes: 10 * 1024 * 1024,
  maxArgumentChars: 4 * 1024 * 1024,
  maxWriteBytes: 16 * 1024 * 1024,
};

/** The backstop when none is given: generous, because it only catches a starved run. */
export function defaultWallTimeoutMs(timeoutMs: number): number {
  return 3 * timeoutMs + 2_000;
}

export function resolveLimits(
  defaults: Partial<Limits>,
  overrides: Partial<Limits> | undefined,
): ResolvedLimits {
  const limits: Omit<ResolvedLimits, "wallTimeoutMs"> & { wallTimeoutMs?: number } = { ...DEFAULT_LIMITS };
  const keys = [...Object.keys(DEFAULT_LIMITS), "wallTimeoutMs"] as (keyof Limits)[];
  for (const source of [defaults, overrides ?? {}]) {
    for (const key of keys) {
      const value = source[key];
      if (value !== undefined) limits[key] = value;
    }
  }
  const resolved: ResolvedLimits = {
    ...limits,
    wallTimeoutMs: limits.wallTimeoutMs ?? defaultWallTimeoutMs(limits.timeoutMs),
  };
  for (const [key, value] of Object.entries(resolved)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      throw new UserError(`Sandbox limit ${key} must be a positive number, got ${String(value)}.`);
    }
  }
  if (resolved.memoryMb < 8)
    throw new UserError(`Sandbox limit memoryMb must be at least 8, got ${resolved.memoryMb}.`);
  if (resolved.wallTimeoutMs < resolved.timeoutMs)
    throw new UserError(
      `Sandbox limit wallTimeoutMs (${resolved.wallTimeoutMs}) must be at least timeoutMs (${resolved.timeoutMs}); leave it out for the default 3 × timeoutMs + 2 000.`,
    );
  return resolved;
}
