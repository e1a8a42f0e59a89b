/** Option parsers that fail with a one-line reason naming the flag. */
import { InvalidArgumentError } from "commander";

export function integer(flag: string, min = 1) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`${flag} takes an integer >= ${min}, got "${value}"`);
    }
    return parsed;
  };
}

export function number(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw new InvalidArgumentError(`${flag} takes a number, got "${value}"`);
    return parsed;
  };
}

export function list(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
