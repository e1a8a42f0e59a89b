/** A counting semaphore: bounds how many isolates run at once. */
export interface Semaphore {
  acquire(): Promise<void>;
  release(): void;
}

export function createSemaphore(permits: number): Semaphore {
  let free = permits;
  const waiters: (() => void)[] = [];
  return {
    acquire() {
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    release() {
      const next = waiters.shift();
      if (next) next();
      else free++;
    },
  };
}
