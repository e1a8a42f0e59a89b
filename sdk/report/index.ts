/**
 * `writeReport(runDir)`: report.html (archive tree, progress, cost, headline figures) and
 * summary.md for a run directory, optionally compared with other runs (baselines, other seeds).
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { clientAssets } from "./client-bundle.js";
import { renderHtml } from "./html.js";
import { loadRun } from "./load-run.js";
import { renderMarkdown } from "./markdown.js";
import { DEFAULT_DETAIL_LIMITS as DEFAULTS, type DetailLimits, readNodeDetails } from "./node-details.js";
import { buildReportData } from "./report-data.js";
import { taskFigureFunctions } from "./task-figures.js";

export interface WriteReportOptions {
  /** Other run directories drawn beside this one (baselines, other seeds of the same configuration). */
  compare?: string[];
  /** Folder for report.html and summary.md; defaults to the run directory. */
  out?: string;
  /** Size limits for the per-node diff, meta log and transcript shown in the page. */
  limits?: Partial<DetailLimits>;
}

export interface ReportFiles {
  html: string;
  markdown: string;
}

export async function writeReport(runDir: string, options: WriteReportOptions = {}): Promise<ReportFiles> {
  const assets = clientAssets();
  const main = loadRun(runDir);
  const compare = (options.compare ?? []).map(loadRun);
  const tasks = [main, ...compare].flatMap((run) => [...new Set(run.bestEvaluations.map((e) => e.taskId))]);
  const data = buildReportData(main, compare, await taskFigureFunctions(tasks));
  const details = main.nodes.map((node) =>
    readNodeDetails(main.dir, node.id, options.limits ? { ...DEFAULTS, ...options.limits } : DEFAULTS),
  );
  const out = resolve(options.out ?? main.dir);
  mkdirSync(out, { recursive: true });
  const html = join(out, "report.html");
  const markdown = join(out, "summary.md");
  writeAtomically(html, renderHtml(data, details, await assets));
  writeAtomically(markdown, renderMarkdown(data));
  return { html, markdown };
}

/** The engine rewrites the report every generation: a reader never sees a half-written file. */
function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

export { buildReportData } from "./report-data.js";
export type { ReportData } from "./report-types.js";
export { type FiguresFn, taskFigureFunctions } from "./task-figures.js";
