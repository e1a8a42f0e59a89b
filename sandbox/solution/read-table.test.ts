import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Field as ArrowField,
  Float32,
  Float64,
  Int32,
  Int64,
  List,
  Null,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../sdk/errors.js";
import { findTable, readTable } from "./read-table.js";

const root = mkdtempSync(join(tmpdir(), "read-table-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Part {
  id: bigint[];
  score: number[];
  text: string[];
  target: ((number | null)[] | null)[];
  nothing: null[];
  count: (number | null)[];
  meta: { source: string }[];
}

function table(part: Part): Table {
  return new Table({
    id: vectorFromArray(part.id, new Int64()),
    score: vectorFromArray(part.score, new Float64()),
    text: vectorFromArray(part.text, new Utf8()),
    target: vectorFromArray(part.target, new List(new ArrowField("item", new Float32(), true))),
    nothing: vectorFromArray(part.nothing, new Null()),
    count: vectorFromArray(part.count, new Int32()),
    meta: vectorFromArray(part.meta, new Struct([new ArrowField("source", new Utf8(), true)])),
  });
}

/** A split folder as `datasets`' Dataset.save_to_disk writes it: stream files, state.json, dataset_info.json. */
function writeHfSplit(dir: string, parts: Part[]): void {
  mkdirSync(dir, { recursive: true });
  const files = parts.map((_, i) => ({ filename: `data-0000${i}-of-0000${parts.length}.arrow` }));
  parts.forEach((part, i) => {
    writeFileSync(join(dir, files[i]?.filename ?? ""), tableToIPC(table(part), "stream"));
  });
  const value = (dtype: string) => ({ dtype, _type: "Value" });
  const info = {
    citation: "",
    description: "",
    features: {
      id: value("int64"),
      score: value("float64"),
      text: value("string"),
      target: { feature: value("float32"), _type: "Sequence" },
      nothing: value("null"),
      count: value("int32"),
      meta: { source: value("string") },
    },
    homepage: "",
    license: "",
  };
  writeFileSync(join(dir, "dataset_info.json"), JSON.stringify(info, null, 2));
  const state = {
    _data_files: files,
    _fingerprint: "0123456789abcdef",
    _format_columns: null,
    _format_kwargs: {},
    _format_type: null,
    _output_all_columns: false,
    _split: null,
  };
  writeFileSync(join(dir, "state.json"), JSON.stringify(state, null, 2));
}

describe("readTable", () => {
  const arrowDir = join(root, "arrow");
  writeHfSplit(join(arrowDir, "train"), [
    {
      id: [1n, 2n],
      score: [0.5, -1.25],
      text: ["a man is playing", 'ünïcode, "quoted"'],
      target: [[1, null, 2.5], []],
      nothing: [null, null],
      count: [3, null],
      meta: [{ source: "x" }, { source: "y" }],
    },
    {
      id: [2n ** 60n],
      score: [3],
      text: [""],
      target: [null],
      nothing: [null],
      count: [7],
      meta: [{ source: "z" }],
    },
  ]);

  it("reads a Hugging Face save_to_disk folder into plain rows, files in state.json's order", async () => {
    expect(findTable(arrowDir, "train")).toEqual({ format: "arrow", path: join(arrowDir, "train") });
    const rows = await readTable(arrowDir, "train");
    expect(rows).toEqual([
      {
        id: 1,
        score: 0.5,
        text: "a man is playing",
        target: [1, null, 2.5],
        nothing: null,
        count: 3,
        meta: { source: "x" },
      },
      {
        id: 2,
        score: -1.25,
        text: 'ünïcode, "quoted"',
        target: [],
        nothing: null,
        count: null,
        meta: { source: "y" },
      },
      {
        id: "1152921504606846976",
        score: 3,
        text: "",
        target: null,
        nothing: null,
        count: 7,
        meta: { source: "z" },
      },
    ]);
    expect(Array.isArray(rows[0]?.target)).toBe(true);
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
  });

  it("reads CSV cells as strings and JSONL values with their JSON types", async () => {
    const dir = join(root, "text");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "test.csv"), '\ufeffid,answer\n1,"a, b"\n2,3.5\n');
    writeFileSync(join(dir, "train.jsonl"), '{"x":[1,2],"y":"s"}\n\n{"x":[],"y":null}\n');
    expect(findTable(dir, "test")?.format).toBe("csv");
    expect(await readTable(dir, "test")).toEqual([
      { id: "1", answer: "a, b" },
      { id: "2", answer: "3.5" },
    ]);
    expect(await readTable(dir, "train")).toEqual([
      { x: [1, 2], y: "s" },
      { x: [], y: null },
    ]);
  });

  it("a missing split or a bad file is a UserError naming the file", async () => {
    const dir = join(root, "bad");
    mkdirSync(join(dir, "validation"), { recursive: true });
    writeFileSync(join(dir, "validation", "state.json"), '{"_fingerprint": "x"}');
    writeFileSync(join(dir, "train.jsonl"), '{"a":1}\nnot json\n');
    expect(findTable(dir, "test")).toBeUndefined();
    await expect(readTable(dir, "test")).rejects.toThrow(/has no "test" split/);
    await expect(readTable(dir, "train")).rejects.toThrow(/train\.jsonl line 2 is not JSON/);
    const error = await readTable(dir, "validation").catch((caught: unknown) => caught);
    expect(UserError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/state\.json lacks "_data_files"/);
  });
});
