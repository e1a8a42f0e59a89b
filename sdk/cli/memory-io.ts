import type { CliIo } from "./io.js";

/** A CliIo that keeps what a command printed, for running commands in-process in tests. */
export function memoryIo(
  options: { cwd?: string; env?: Record<string, string | undefined>; isTTY?: boolean } = {},
): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    cwd: options.cwd ?? process.cwd(),
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}
