/**
 * The code that runs inside each fresh context before the program: it picks up the host
 * callbacks the sandbox planted as globals, hides them in closures, builds the frozen `ctx`,
 * and returns the `main` function the host calls. It is plain JavaScript (a string) because it
 * is compiled by V8 inside the isolate, never by Node.
 *
 * Everything it needs from the language is captured before the program's code runs, so a
 * program that tampers with built-ins only breaks itself; the host still validates every value
 * that comes back (strings only) on its side.
 */

/** The file name V8 reports for frames of this runtime; the host drops those frames. */
export const RUNTIME_FILE = "hyperagent-sandbox-runtime.js";

export const RUNTIME_SOURCE = String.raw`
(() => {
  "use strict";
  const g = globalThis;
  const logCallback = g.__hv_log;
  const llmRef = g.__hv_llm;
  const filesRef = g.__hv_files;
  const config = JSON.parse(g.__hv_config);
  delete g.__hv_log;
  delete g.__hv_llm;
  delete g.__hv_files;
  delete g.__hv_config;

  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const freeze = Object.freeze;
  const getOwnPropertyNames = Object.getOwnPropertyNames;
  const isFinite = Number.isFinite;
  const ErrorCtor = Error;
  const StringCtor = String;
  const ReflectApply = Reflect.apply;
  const arrayMap = Array.prototype.map;
  const arrayJoin = Array.prototype.join;
  const stringSlice = String.prototype.slice;

  // Things that could run code after the run has ended (finalizers, async waits, async wasm
  // compilation) or share memory across agents are not part of the sandbox's surface.
  for (const name of ["SharedArrayBuffer", "WebAssembly", "FinalizationRegistry"]) {
    try { delete g[name]; } catch {}
  }
  if (typeof Atomics === "object") {
    try { delete Atomics.wait; delete Atomics.waitAsync; } catch {}
  }

  if (typeof config.seed === "number") {
    // mulberry32: small, fast, good enough for reproducible sampling.
    let state = config.seed >>> 0;
    Math.random = function random() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const slice = (text, max) => (text.length > max ? ReflectApply(stringSlice, text, [0, max]) + "…" : text);

  function format(value) {
    try {
      if (typeof value === "string") return value;
      if (value instanceof ErrorCtor) return typeof value.stack === "string" ? value.stack : StringCtor(value.message);
      const json = stringify(value);
      return json === undefined ? StringCtor(value) : json;
    } catch {
      try { return StringCtor(value); } catch { return "[unprintable]"; }
    }
  }

  let logChars = 0;
  function log(...args) {
    if (logChars > config.maxLogChars) return;
    const line = slice(ReflectApply(arrayJoin, ReflectApply(arrayMap, args, [format]), [" "]), config.maxLogLineChars);
    logChars += line.length;
    logCallback(line);
  }
  g.console = freeze({ log, info: log, warn: log, error: log, debug: log, trace: log });

  function callHost(ref, args) {
    return ref.apply(undefined, args, {
      __proto__: null,
      arguments: { __proto__: null, copy: true },
      result: { __proto__: null, promise: true, copy: true },
    });
  }

  const llm = freeze({
    generate: async function generate(request) {
      if (!config.hasLlm) throw new ErrorCtor("ctx.llm is not available in this run: the host gave no model.");
      const reply = await callHost(llmRef, [stringify(request === undefined ? null : request)]);
      return parse(reply);
    },
  });

  function fileOp(method) {
    return async function (...args) {
      if (!config.hasFiles) return "Error: ctx.files is not available in this run: the host gave no folder.";
      let json;
      try { json = stringify(args); } catch (error) { return "Error: arguments must be JSON values."; }
      return callHost(filesRef, [method, json]);
    };
  }
  const files = freeze({
    list: fileOp("list"),
    view: fileOp("view"),
    create: fileOp("create"),
    strReplace: fileOp("strReplace"),
    insert: fileOp("insert"),
    undo: fileOp("undo"),
  });

  function deepFreeze(value) {
    if (value !== null && typeof value === "object") {
      for (const key of getOwnPropertyNames(value)) deepFreeze(value[key]);
      freeze(value);
    }
    return value;
  }
  const data = config.dataJson === null ? undefined : deepFreeze(parse(config.dataJson));
  const ctx = freeze({ llm, files, data, log });

  const maxChars = config.maxOutputBytes;
  class InvalidOutput {
    constructor(message) { this.message = message; }
  }
  function replacer(key, value) {
    const where = key === "" ? "the return value" : "property " + stringify(key);
    switch (typeof value) {
      case "function": throw new InvalidOutput(where + " is a function");
      case "symbol": throw new InvalidOutput(where + " is a symbol");
      case "bigint": throw new InvalidOutput(where + " is a bigint");
      case "number":
        if (!isFinite(value)) throw new InvalidOutput(where + " is " + StringCtor(value) + " (JSON has no NaN or Infinity)");
        return value;
      default: return value;
    }
  }
  const tooLarge = "the return value is larger than maxOutputBytes (" + maxChars + " bytes) once serialised";

  function serialise(value) {
    if (value === undefined) {
      return "invalid-output\n" + stringify({ message: "the exported function returned undefined; return null or a JSON value" });
    }
    if (typeof value === "string" && value.length > maxChars) return "invalid-output\n" + stringify({ message: tooLarge });
    let json;
    try {
      json = stringify(value, replacer);
    } catch (error) {
      const message = error instanceof InvalidOutput
        ? error.message
        : "the return value is not JSON-serialisable: " + (error instanceof ErrorCtor ? StringCtor(error.message) : "a toJSON or getter threw");
      return "invalid-output\n" + stringify({ message: "Invalid output: " + slice(message, 2000) });
    }
    if (json === undefined) return "invalid-output\n" + stringify({ message: "the return value is not JSON-serialisable" });
    if (json.length > maxChars) return "invalid-output\n" + stringify({ message: tooLarge });
    return "ok\n" + json;
  }

  function describeThrown(thrown) {
    try {
      if (thrown instanceof ErrorCtor) {
        const name = typeof thrown.name === "string" ? thrown.name : "Error";
        const message = typeof thrown.message === "string" ? thrown.message : "";
        const stack = typeof thrown.stack === "string" ? slice(thrown.stack, 20000) : undefined;
        return { message: slice(name + ": " + message, 10000), stack };
      }
      if (thrown === null || (typeof thrown !== "object" && typeof thrown !== "function")) {
        const text = typeof thrown === "string" ? stringify(thrown) : StringCtor(thrown);
        return { message: "Threw a non-Error value (" + (thrown === null ? "null" : typeof thrown) + "): " + slice(text, 10000) };
      }
      // A thrown object is not stringified through its own toString: that is the program's code.
      return { message: "Threw a non-Error " + typeof thrown + " value" };
    } catch {
      return { message: "Threw a value that could not be described" };
    }
  }

  return async function main(exportName, inputJson) {
    const moduleExports = g.__hyperagent_module;
    let fn;
    try {
      fn = moduleExports === null || moduleExports === undefined ? undefined : moduleExports[exportName];
    } catch (error) {
      return "invalid-export\n" + stringify({ message: "reading the export " + stringify(exportName) + " threw" });
    }
    if (typeof fn !== "function") {
      const what = fn === undefined ? "is missing" : "is a " + (fn === null ? "null" : typeof fn) + ", not a function";
      return "invalid-export\n" + stringify({ message: "The export " + stringify(exportName) + " " + what + "." });
    }
    const input = inputJson === undefined ? undefined : parse(inputJson);
    let value;
    try {
      value = await fn(input, ctx);
    } catch (thrown) {
      return "error\n" + stringify(describeThrown(thrown));
    }
    return serialise(value);
  };
})()
`;
