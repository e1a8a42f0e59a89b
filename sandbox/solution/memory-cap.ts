/**
 * V8's heap limit does not count ArrayBuffers, Buffers or WebAssembly memory: a solution with a
 * 64 MB heap allocated 3 GB of Buffers in our test. On Linux, RLIMIT_DATA counts every private
 * writable mapping (heap, buffers, committed wasm pages), so `ulimit -d` caps them all. Node
 * cannot set a child's limits itself, so the child starts as `sh -c 'ulimit -d N; exec node …'`:
 * the shell replaces itself with node (same pid, same process group).
 */
export const MEMORY_CAP_EXIT = 125;

export function withMemoryCap(
  command: string,
  args: readonly string[],
  memoryMb: number | undefined,
): { command: string; args: string[] } {
  if (memoryMb === undefined || process.platform === "win32") return { command, args: [...args] };
  const script = `ulimit -d "$1" || exit ${MEMORY_CAP_EXIT}; shift; exec "$@"`;
  return {
    command: "/bin/sh",
    args: ["-c", script, "hyperagents-solution", String(memoryMb * 1024), command, ...args],
  };
}
