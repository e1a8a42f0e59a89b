/**
 * The page script and style, built once per process: client/main.ts (type-checked with the rest
 * of the SDK) bundled by esbuild into one IIFE to inline, and client/style.css read as text.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { SystemError } from "../errors.js";
import { buildWithService } from "../internal/esbuild-service.js";

export interface ClientAssets {
  script: string;
  style: string;
}

let assets: Promise<ClientAssets> | undefined;

export function clientAssets(): Promise<ClientAssets> {
  assets ??= buildAssets().catch((error: unknown) => {
    assets = undefined;
    throw new SystemError(`cannot build the report page script: ${(error as Error).message}`, {
      cause: error,
    });
  });
  return assets;
}

async function buildAssets(): Promise<ClientAssets> {
  const [result, style] = await Promise.all([
    buildWithService({
      entryPoints: [fileURLToPath(new URL("./client/main.ts", import.meta.url))],
      bundle: true,
      write: false,
      format: "iife",
      platform: "browser",
      target: "es2020",
      minify: true,
      legalComments: "none",
      logLevel: "silent",
    }),
    readFile(new URL("./client/style.css", import.meta.url), "utf8"),
  ]);
  const script = result.outputFiles[0]?.text;
  if (script === undefined) throw new Error("esbuild produced no output");
  // Inline: nothing may close the script element early (esbuild escapes strings; this is a guard).
  return { script: script.replace(/<\/(script)/gi, "<\\/$1"), style };
}
