/** A one-line progress bar on stderr when it is a terminal; silent otherwise. */
export type ProgressFn = (stage: string, fraction: number) => void;

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressFn {
  if (!stream.isTTY) return () => {};
  let last = "";
  return (stage, fraction) => {
    const width = 24;
    const f = Math.min(1, Math.max(0, fraction));
    const filled = Math.round(f * width);
    const line = `\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${String(Math.round(f * 100)).padStart(3)}% ${stage}`;
    if (line === last) return;
    last = line;
    stream.write(f >= 1 ? `${line}\n` : line);
  };
}
