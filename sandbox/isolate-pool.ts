/**
 * A small pool of idle isolates. Every run gets a fresh context, but creating the isolate and
 * compiling the runtime and the bundle again costs more than the run itself, so an isolate that
 * ended a run cleanly (no timeout, no memory failure, no capability call still in flight, a
 * modest heap) is kept for the next run with the same memory cap.
 *
 * An isolate that may still be running is never given back: the sandbox gives one only after it
 * answered an asynchronous heap query (so it was idle), and `take` drops any whose CPU reading
 * moved while it sat idle. Nothing here calls a blocking isolate method.
 */
import ivm from "isolated-vm";

export interface IsolateLease {
  readonly isolate: ivm.Isolate;
  readonly memoryMb: number;
  uses: number;
  /** Compiled scripts by key (bundle hash, runtime); scripts are context-free. */
  readonly scripts: Map<string, ivm.Script>;
  /** CPU time when the isolate went idle: if it moved, something still runs inside. */
  idleCpu?: bigint;
  /** Set when a catastrophic V8 error was reported for this isolate. */
  broken?: string;
}

export interface IsolatePool {
  take(memoryMb: number): IsolateLease;
  /** Returns a lease after a clean run; the pool decides whether to keep it. */
  give(lease: IsolateLease): void;
  discard(lease: IsolateLease): void;
  compile(lease: IsolateLease, key: string, source: string, filename: string): Promise<ivm.Script>;
  disposeAll(): void;
  readonly idleCount: number;
}

export interface IsolatePoolOptions {
  /** Idle isolates kept per memory cap. 0 disables reuse. */
  maxIdle: number;
  /** Runs after which an isolate is retired anyway (bounds slow leaks inside V8). */
  maxUses: number;
  /** Compiled scripts kept per isolate. */
  maxScripts?: number;
}

export function createIsolatePool(options: IsolatePoolOptions): IsolatePool {
  const idle = new Map<number, IsolateLease[]>();
  const maxScripts = options.maxScripts ?? 16;

  function dispose(lease: IsolateLease): void {
    for (const script of lease.scripts.values()) {
      try {
        script.release();
      } catch {
        // Already gone with the isolate.
      }
    }
    lease.scripts.clear();
    if (!lease.isolate.isDisposed) {
      try {
        lease.isolate.dispose();
      } catch {
        // Disposing twice races with the memory-limit disposer; either way it is gone.
      }
    }
  }

  function create(memoryMb: number): IsolateLease {
    const lease: IsolateLease = {
      memoryMb,
      uses: 0,
      scripts: new Map(),
      isolate: new ivm.Isolate({
        memoryLimit: memoryMb,
        onCatastrophicError: (message) => {
          lease.broken = message;
        },
      }),
    };
    return lease;
  }

  return {
    take(memoryMb) {
      const list = idle.get(memoryMb);
      while (list && list.length > 0) {
        const lease = list.pop()!;
        let cpu: bigint | undefined;
        try {
          cpu = lease.isolate.isDisposed ? undefined : lease.isolate.cpuTime;
        } catch {
          cpu = undefined;
        }
        if (cpu !== undefined && cpu === lease.idleCpu && !lease.broken) return lease;
        dispose(lease);
      }
      return create(memoryMb);
    },
    give(lease) {
      lease.uses++;
      const list = idle.get(lease.memoryMb) ?? [];
      if (
        lease.broken ||
        lease.isolate.isDisposed ||
        lease.uses >= options.maxUses ||
        list.length >= options.maxIdle
      ) {
        dispose(lease);
        return;
      }
      lease.idleCpu = lease.isolate.cpuTime;
      list.push(lease);
      idle.set(lease.memoryMb, list);
    },
    discard: dispose,
    async compile(lease, key, source, filename) {
      const cached = lease.scripts.get(key);
      if (cached) return cached;
      const script = await lease.isolate.compileScript(source, { filename });
      lease.scripts.set(key, script);
      if (lease.scripts.size > maxScripts) {
        const oldest = lease.scripts.keys().next();
        if (!oldest.done && oldest.value !== key) {
          lease.scripts.get(oldest.value)?.release();
          lease.scripts.delete(oldest.value);
        }
      }
      return script;
    },
    disposeAll() {
      for (const list of idle.values()) for (const lease of list) dispose(lease);
      idle.clear();
    },
    get idleCount() {
      let n = 0;
      for (const list of idle.values()) n += list.length;
      return n;
    },
  };
}
