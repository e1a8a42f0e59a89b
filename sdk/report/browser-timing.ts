/**
 * Opens a report in Debian's headless Chromium (playwright-core) and measures its first paint.
 * Support for the browser test and bench/report.ts only: playwright-core is a dev dependency,
 * so the library never imports this file.
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { UserError } from "../errors.js";

export const CHROMIUM_PATH = "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new UserError(
      `Chromium is not installed at ${CHROMIUM_PATH}: the report's browser test needs it; install it with \`apt-get update && apt-get install -y chromium\``,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export interface PaintTiming {
  /** Performance time (ms since navigation start) when the archive tree was drawn. */
  treeDrawnMs: number;
  /** first-contentful-paint, when Chromium reports it. */
  firstContentfulPaintMs: number | null;
  /** Wall time from navigation to the tree being drawn, as seen by the test. */
  wallMs: number;
  /** Errors the page threw or logged. */
  errors: string[];
}

/** Navigates `page` to the report file and waits for the tree. */
export async function openReport(page: Page, htmlFile: string): Promise<PaintTiming> {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  const started = performance.now();
  await page.goto(pathToFileURL(htmlFile).href, { waitUntil: "domcontentloaded", timeout: 30_000 });
  await page.waitForSelector("html[data-tree-drawn]", { timeout: 30_000 });
  const wallMs = performance.now() - started;
  const timing = await page.evaluate(() => ({
    tree: performance.getEntriesByName("report-tree-drawn")[0]?.startTime ?? Number.NaN,
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
  }));
  return { treeDrawnMs: timing.tree, firstContentfulPaintMs: timing.fcp, wallMs, errors };
}
