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

/** Longest error message and stack that leave the isolate. */
export const MAX_ERROR_CHARS = 20_000;

/**
 * Wraps a bundle so that a throw from its top-level code is caught inside the isolate and
 * described by the runtime (bounded, without host-side getters), instead of crossing as an
 * isolated-vm error. The wrapper adds no line: source-map lines stay right.
 */
export function wrapTopLevel(code: string): string {
  return `"use strict";try{${code}\n}catch(e){globalThis.__hyperagent_thrown={value:e};}`;
}

export const RUNTIME_SOURCE = String.raw`
(() => {
  "use strict";
  const g = globalThis;
  const logCallback = g.__hv_log;
  const llmRef = g.__hv_llm;
  const filesRef = g.__hv_files;
  const toolsRef = g.__hv_tools;
  const config = JSON.parse(g.__hv_config);
  const dataJson = g.__hv_data;
  delete g.__hv_data;
  delete g.__hv_log;
  delete g.__hv_llm;
  delete g.__hv_files;
  delete g.__hv_tools;
  delete g.__hv_config;

  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const freeze = Object.freeze;
  const defineProperty = Object.defineProperty;
  const getOwnPropertyNames = Object.getOwnPropertyNames;
  const isFinite = Number.isFinite;
  const ErrorCtor = Error;
  const StringCtor = String;
  const ReflectApply = Reflect.apply;
  const arrayMap = Array.prototype.map;
  const arrayJoin = Array.prototype.join;
  const stringSlice = String.prototype.slice;
  const stringIndexOf = String.prototype.indexOf;
  const maxErrorChars = ${MAX_ERROR_CHARS};

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

  const tooLong = (what, json) =>
    what + " is " + json.length + " characters of JSON, more than maxArgumentChars (" + config.maxArgumentChars + ")";

  // The host answers "ok\n<json>" or "error\n<message>": its promise never rejects, so a
  // refused or late call can never become a rejection nobody handles on either side.
  const llm = freeze({
    generate: async function generate(request) {
      if (!config.hasLlm) throw new ErrorCtor("ctx.llm is not available in this run: the host gave no model.");
      const json = stringify(request === undefined ? null : request);
      if (typeof json !== "string") throw new ErrorCtor("ctx.llm.generate takes one request object.");
      if (json.length > config.maxArgumentChars) throw new ErrorCtor("ctx.llm.generate: " + tooLong("the request", json));
      const reply = await callHost(llmRef, [json]);
      const newline = typeof reply === "string" ? ReflectApply(stringIndexOf, reply, ["\n"]) : -1;
      if (newline < 0) throw new ErrorCtor("ctx.llm.generate failed: the host gave no answer");
      const status = ReflectApply(stringSlice, reply, [0, newline]);
      const body = ReflectApply(stringSlice, reply, [newline + 1]);
      if (status === "ok") return parse(body);
      throw new ErrorCtor(body);
    },
  });

  function fileOp(method) {
    return async function (...args) {
      if (!config.hasFiles) return "Error: ctx.files is not available in this run: the host gave no folder.";
      let json;
      try { json = stringify(args); } catch (error) { return "Error: arguments must be JSON values."; }
      if (typeof json !== "string") return "Error: arguments must be JSON values.";
      if (json.length > config.maxArgumentChars) return "Error: ctx.files." + method + ": " + tooLong("the call", json);
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

  // ctx.tools.NAME(args): JSON in, JSON out, answered like ctx.llm ("ok\n<json>" or
  // "error\n<message>"). A null-prototype object, so Object.keys lists exactly the tools.
  function toolCall(name) {
    const call = async function (args) {
      const json = stringify(args === undefined ? null : args);
      if (typeof json !== "string") throw new ErrorCtor("ctx.tools." + name + " takes one JSON value.");
      if (json.length > config.maxArgumentChars) throw new ErrorCtor("ctx.tools." + name + ": " + tooLong("the arguments", json));
      const reply = await callHost(toolsRef, [name, json]);
      const newline = typeof reply === "string" ? ReflectApply(stringIndexOf, reply, ["\n"]) : -1;
      if (newline < 0) throw new ErrorCtor("ctx.tools." + name + " failed: the host gave no answer");
      const status = ReflectApply(stringSlice, reply, [0, newline]);
      const body = ReflectApply(stringSlice, reply, [newline + 1]);
      if (status === "ok") return parse(body);
      throw new ErrorCtor(body);
    };
    return call;
  }
  const tools = { __proto__: null };
  for (const tool of config.tools) {
    const call = toolCall(tool.name);
    defineProperty(call, "description", { value: tool.description, enumerable: true });
    defineProperty(call, "parameters", { value: deepFreeze(tool.parameters), enumerable: true });
    defineProperty(tools, tool.name, { value: freeze(call), enumerable: true });
  }
  freeze(tools);

  const data = typeof dataJson === "string" ? deepFreeze(parse(dataJson)) : undefined;
  const ctx = freeze({ version: config.ctxVersion, llm, files, tools, data, log });

  const maxChars = config.maxOutputBytes;
  // Envelope objects have no prototype: a toJSON the program put on Object.prototype is not called.
  const detail = (message, stack) => {
    const out = { __proto__: null, message };
    if (stack !== undefined) out.stack = stack;
    return out;
  };
  const envelope = (status, message, stack) => status + "\n" + stringify(detail(message, stack));

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
      return envelope("invalid-output", "the exported function returned undefined; return null or a JSON value");
    }
    if (typeof value === "string" && value.length > maxChars) return envelope("invalid-output", tooLarge);
    let json;
    try {
      json = stringify(value, replacer);
    } catch (error) {
      const message = error instanceof InvalidOutput
        ? error.message
        : "the return value is not JSON-serialisable: " + (error instanceof ErrorCtor ? StringCtor(error.message) : "a toJSON or getter threw");
      return envelope("invalid-output", "Invalid output: " + slice(message, 2000));
    }
    if (json === undefined) return envelope("invalid-output", "the return value is not JSON-serialisable");
    if (json.length > maxChars) return envelope("invalid-output", tooLarge);
    return "ok\n" + json;
  }

  // A long message must not push the frames (the program's file and line) out of the bound.
  function boundStack(stack) {
    if (stack.length <= maxErrorChars) return stack;
    const at = ReflectApply(stringIndexOf, stack, ["\n    at "]);
    if (at < 0) return slice(stack, maxErrorChars);
    const half = maxErrorChars / 2;
    return slice(ReflectApply(stringSlice, stack, [0, at]), half) + ReflectApply(stringSlice, stack, [at, at + half]);
  }

  function describeThrown(thrown) {
    try {
      if (thrown instanceof ErrorCtor) {
        const name = typeof thrown.name === "string" ? thrown.name : "Error";
        const message = typeof thrown.message === "string" ? thrown.message : "";
        const stack = typeof thrown.stack === "string" ? boundStack(thrown.stack) : undefined;
        return detail(slice(name + ": " + message, maxErrorChars), stack);
      }
      if (thrown === null || (typeof thrown !== "object" && typeof thrown !== "function")) {
        const text = typeof thrown === "string" ? stringify(thrown) : StringCtor(thrown);
        return detail("Threw a non-Error value (" + (thrown === null ? "null" : typeof thrown) + "): " + slice(text, maxErrorChars));
      }
      // A thrown object is not stringified through its own toString: that is the program's code.
      return detail("Threw a non-Error " + typeof thrown + " value");
    } catch {
      return detail("Threw a value that could not be described");
    }
  }

  // op "call": call the export with the input; op "check": say what the names in $1 (JSON) are.
  return async function main(op, exportName, inputJson) {
    const thrown = g.__hyperagent_thrown;
    if (thrown !== undefined) return "error\n" + stringify(describeThrown(thrown === null ? thrown : thrown.value));
    const moduleExports = g.__hyperagent_module;
    if (op === "check") {
      const names = parse(exportName);
      let kinds = "";
      for (let i = 0; i < names.length; i++) {
        let kind;
        try { kind = moduleExports == null ? "undefined" : typeof moduleExports[names[i]]; } catch { kind = "unreadable"; }
        kinds += (i === 0 ? "" : ",") + kind;
      }
      return "exports\n" + kinds;
    }
    let fn;
    try {
      fn = moduleExports === null || moduleExports === undefined ? undefined : moduleExports[exportName];
    } catch (error) {
      return envelope("invalid-export", "reading the export " + stringify(exportName) + " threw");
    }
    if (typeof fn !== "function") {
      const what = fn === undefined ? "is missing" : "is a " + (fn === null ? "null" : typeof fn) + ", not a function";
      return envelope("invalid-export", "The export " + stringify(exportName) + " " + what + ".");
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
