/** Keeps the last `limit` bytes of a stream without buffering the rest. */
export class TailBuffer {
  #chunks: Buffer[] = [];
  #size = 0;
  /** Every byte seen, kept or not. */
  total = 0;

  constructor(readonly limit: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const piece = chunk.length > this.limit ? chunk.subarray(chunk.length - this.limit) : chunk;
    this.#chunks.push(piece);
    this.#size += piece.length;
    while (this.#size > this.limit) {
      const first = this.#chunks[0] as Buffer;
      const excess = this.#size - this.limit;
      if (first.length <= excess) {
        this.#chunks.shift();
        this.#size -= first.length;
      } else {
        this.#chunks[0] = first.subarray(excess);
        this.#size -= excess;
      }
    }
  }

  /** The kept bytes as text; a character cut at the start is dropped. */
  text(): string {
    return Buffer.concat(this.#chunks)
      .toString("utf8")
      .replace(/^\uFFFD+/, "");
  }
}
