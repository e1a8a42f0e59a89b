/**
 * Type-checks a program held in memory with the TypeScript compiler API, in a worker thread so a
 * runaway check can be terminated. TypeScript is optional: it is resolved at call time.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

export type TypecheckResult = { ok: true } | { ok: false; message: string; file?: string; line?: number };

/** Ambient declarations for what the sandbox gives every program besides `ctx`. */
const SANDBOX_GLOBALS = `
interface SandboxConsole {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  trace(...args: unknown[]): void;
}
declare var console: SandboxConsole;
`;

// Plain CommonJS: the worker is started with eval, outside tsx's or Vitest's module loaders.
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const ts = require(workerData.tsPath);
const ROOT = "/__program__/";
const GLOBALS = ROOT + "__sandbox_globals__.d.ts";
const files = new Map();
for (const [key, value] of Object.entries(workerData.files)) files.set(ROOT + key, value);
files.set(GLOBALS, workerData.globals);
const options = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  isolatedModules: true,
  esModuleInterop: true,
  skipLibCheck: true,
  types: [],
  lib: ["lib.es2023.d.ts"],
};
const host = ts.createCompilerHost(options, true);
const directories = new Set([ROOT.slice(0, -1)]);
for (const name of files.keys()) {
  let dir = name.slice(0, name.lastIndexOf("/"));
  while (dir.startsWith(ROOT.slice(0, -1)) && !directories.has(dir)) { directories.add(dir); dir = dir.slice(0, dir.lastIndexOf("/")); }
}
const inProgram = (name) => name.startsWith(ROOT);
const baseGetSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
  if (inProgram(name)) {
    const text = files.get(name);
    return text === undefined ? undefined : ts.createSourceFile(name, text, languageVersion, true);
  }
  return baseGetSourceFile(name, languageVersion, onError, shouldCreate);
};
const baseFileExists = host.fileExists.bind(host);
const baseReadFile = host.readFile.bind(host);
const baseDirectoryExists = host.directoryExists ? host.directoryExists.bind(host) : () => false;
host.fileExists = (name) => (inProgram(name) ? files.has(name) : baseFileExists(name));
host.readFile = (name) => (inProgram(name) ? files.get(name) : baseReadFile(name));
host.directoryExists = (name) => (inProgram(name) ? directories.has(name.replace(/\/$/, "")) : baseDirectoryExists(name));
host.getCurrentDirectory = () => ROOT;
host.realpath = (name) => name;
host.writeFile = () => {};
const roots = [...files.keys()].filter((name) => /\.(ts|tsx|mts|cts)$/.test(name));
const program = ts.createProgram(roots, options, host);
const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
const ours = diagnostics.filter((d) => d.file && inProgram(d.file.fileName) && d.file.fileName !== GLOBALS);
const first = ours[0] ?? diagnostics[0];
if (!first) {
  parentPort.postMessage({ ok: true });
} else {
  const message = ts.flattenDiagnosticMessageText(first.messageText, "\n");
  if (first.file && first.start !== undefined) {
    const file = first.file.fileName.startsWith(ROOT) ? first.file.fileName.slice(ROOT.length) : first.file.fileName;
    const line = first.file.getLineAndCharacterOfPosition(first.start).line + 1;
    parentPort.postMessage({ ok: false, message: file + ":" + line + ": TS" + first.code + ": " + message, file, line });
  } else {
    parentPort.postMessage({ ok: false, message: "TS" + first.code + ": " + message });
  }
}
`;

function resolveTypeScript(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve("typescript");
  } catch {
    return undefined;
  }
}

export function typecheckProgram(files: Record<string, string>, timeoutMs: number): Promise<TypecheckResult> {
  const tsPath = resolveTypeScript();
  if (tsPath === undefined) {
    return Promise.resolve({
      ok: false,
      message:
        "typecheck: true needs the typescript package (npm install -D typescript), or pass typecheck: false.",
    });
  }
  return new Promise<TypecheckResult>((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { tsPath, files, globals: SANDBOX_GLOBALS },
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
      stdout: true,
      stderr: true,
    });
    let done = false;
    const finish = (result: TypecheckResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, message: `The type check did not finish within ${timeoutMs} ms.` }),
      timeoutMs,
    );
    worker.once("message", (message: TypecheckResult) => finish(message));
    worker.once("error", (error) =>
      finish({ ok: false, message: `The type checker failed: ${error.message}` }),
    );
    worker.once("exit", (code) =>
      finish({ ok: false, message: `The type checker exited early (code ${code}).` }),
    );
  });
}
