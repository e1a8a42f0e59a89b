/**
 * The eval log: one JSONL file per (task, model). The first line is a header (format, version,
 * configuration); each finished sample is one line, appended and fsync'd as it completes, so the
 * file is readable while it is written and a SIGKILL loses at most the samples in flight. An
 * aggregates line closes each finished invocation; readers recompute aggregates from the samples.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeSync,
} from "node:fs";
import { UserError } from "../sdk/errors.js";
import type { JsonValue, TaskFigure } from "../tasks/task.js";

export const EVAL_LOG_FORMAT = "hyperagents-eval-log";
export const EVAL_LOG_VERSION = 1;

export interface EvalLogConfig {
  /** `--agent DIR` when a program was evaluated, else null (the task's own or the shipped agent). */
  agent: string | null;
  seeds: number | null;
  limit: number | null;
  options: { [name: string]: JsonValue };
}

export interface EvalLogHeader {
  type: "header";
  format: typeof EVAL_LOG_FORMAT;
  version: number;
  task: string;
  model: string;
  config: EvalLogConfig;
  created: string;
}

/** One model call of a sample, as the viewer shows it (long texts are cut). */
export interface TranscriptEntry {
  system?: string;
  messages: { role: string; content: string }[];
  response: string | null;
  error: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  ms: number;
}

export interface SampleRecord {
  type: "sample";
  task: string;
  model: string;
  split: string;
  instance: string;
  seed: number;
  input: JsonValue;
  /** A baseline sample (no model in it): kept out of the model's mean. */
  reference?: boolean;
  transcript: TranscriptEntry[];
  answer: JsonValue;
  score: number;
  error: string | null;
  /** Set when a model call failed after its retries: a rerun tries the sample again. */
  modelError?: boolean;
  details: { [key: string]: JsonValue } | null;
  tokens: { input: number; output: number };
  costUsd: number;
  wallMs: number;
  at: string;
}

/** A (task, model) log's figures over its samples: the mean with its 95% interval, errors, cost. */
export interface LogAggregates {
  mean: number;
  ci: [number, number];
  samples: number;
  errors: number;
  costUsd: number;
  wallMs: number;
  tokens: { input: number; output: number };
}

/** The aggregates line an invocation appends when it ends (tokens are summed on read). */
export interface AggregatesRecord extends Omit<LogAggregates, "tokens"> {
  type: "aggregates";
  figures: TaskFigure[];
  at: string;
}

/** A later invocation on the same log with another configuration (e.g. a larger --limit). */
export interface ResumeRecord {
  type: "resume";
  config: EvalLogConfig;
  at: string;
}

export type EvalLogLine = EvalLogHeader | SampleRecord | AggregatesRecord | ResumeRecord;

export interface EvalLog {
  path: string;
  header: EvalLogHeader;
  /** The newest record per sample key, in the order first seen. */
  samples: SampleRecord[];
  aggregates: AggregatesRecord | null;
}

export function sampleKey(sample: { split: string; instance: string; seed: number }): string {
  return JSON.stringify([sample.split, sample.instance, sample.seed]);
}

/**
 * Reads a log. A last line cut short (the writer was killed mid-write) is ignored; any other
 * line that does not parse means the file is not an eval log, which is the user's to fix.
 */
export function readEvalLog(path: string): EvalLog {
  const text = readFileSync(path, "utf8");
  // The piece after the last newline is empty, or a line cut short by a kill: either way, unread.
  const complete = text.split("\n").slice(0, -1);
  let header: EvalLogHeader | null = null;
  let aggregates: AggregatesRecord | null = null;
  const byKey = new Map<string, SampleRecord>();
  complete.forEach((line, index) => {
    if (line.trim() === "") return;
    let parsed: EvalLogLine;
    try {
      parsed = JSON.parse(line) as EvalLogLine;
    } catch {
      throw new UserError(`${path}:${index + 1} is not JSON: this is not an eval log, or it was edited`);
    }
    if (index === 0) {
      if (parsed.type !== "header" || parsed.format !== EVAL_LOG_FORMAT) {
        throw new UserError(`${path} is not an eval log (no ${EVAL_LOG_FORMAT} header on line 1)`);
      }
      if (parsed.version > EVAL_LOG_VERSION) {
        throw new UserError(
          `${path} is eval log version ${parsed.version}, newer than this hyperagents reads (${EVAL_LOG_VERSION}): upgrade hyperagents`,
        );
      }
      header = parsed;
      return;
    }
    if (parsed.type === "sample") {
      const key = sampleKey(parsed);
      // Delete first so a retried sample moves to where it was finished.
      byKey.delete(key);
      byKey.set(key, parsed);
    } else if (parsed.type === "aggregates") aggregates = parsed;
  });
  if (header === null) throw new UserError(`${path} is empty: not an eval log`);
  return { path, header, samples: [...byKey.values()], aggregates };
}

/** Appends lines to a log, each one written whole and fsync'd before the call returns. */
export interface EvalLogWriter {
  append(line: EvalLogLine): void;
  close(): void;
}

/**
 * Opens (creating with `header`) a log for appending. A line cut short by a kill is cut off first,
 * so the next record starts on a line of its own.
 */
export function openEvalLog(path: string, header: EvalLogHeader): EvalLogWriter {
  const fresh = !existsSync(path) || readFileSync(path, "utf8").trim() === "";
  const fd = openSync(path, fresh ? "w" : "r+");
  if (!fresh) {
    const text = readFileSync(path, "utf8");
    const end = text.endsWith("\n") ? text.length : text.lastIndexOf("\n") + 1;
    const bytes = Buffer.byteLength(text.slice(0, end));
    if (bytes < fstatSync(fd).size) ftruncateSync(fd, bytes);
  }
  let position = fstatSync(fd).size;
  const write = (line: EvalLogLine) => {
    const buffer = Buffer.from(`${JSON.stringify(line)}\n`);
    writeSync(fd, buffer, 0, buffer.length, position);
    position += buffer.length;
    fsyncSync(fd);
  };
  if (fresh) write(header);
  return {
    append: write,
    close: () => closeSync(fd),
  };
}
