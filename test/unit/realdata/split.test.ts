import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseRealdataSplit, REALDATA_SPLIT_FILE } from "@/lib/realdata/split";

describe("parseRealdataSplit", () => {
  it("reads the three lists at the top level, under splits or exams, with or without .npz", () => {
    const expected = new Map([
      ["VB3-01", "train"],
      ["VB1-02", "validation"],
      ["IVD-11", "test"],
    ]);
    expect(parseRealdataSplit({ train: ["VB3-01"], validation: ["VB1-02.npz"], test: ["IVD-11"] })).toEqual(expected);
    expect(parseRealdataSplit({ schema: "discern.realdata-split/v1", counts: { train: { VB3: 1 } }, splits: { train: ["VB3-01"], validation: ["VB1-02"], test: ["IVD-11.npz"] } })).toEqual(expected);
    expect(parseRealdataSplit({ exams: { train: ["VB3-01"], validation: ["VB1-02"], test: ["IVD-11"] } })).toEqual(expected);
    expect(parseRealdataSplit({ "VB3-01": "train", "VB1-02.npz": "validation", "IVD-11": "test" })).toEqual(expected);
  });

  it("refuses an exam in two splits, an unknown split name and a non-object, naming the file", () => {
    expect(() => parseRealdataSplit({ train: ["VB3-01"], test: ["VB3-01.npz"] }, "s.json")).toThrow(/s\.json: VB3-01 is in both train and test/);
    expect(() => parseRealdataSplit({ "VB3-01": "holdout" }, "s.json")).toThrow(/expected train, validation or test/);
    expect(() => parseRealdataSplit([], "s.json")).toThrow(/s\.json: not a JSON object/);
    expect(() => parseRealdataSplit({ train: "VB3-01", test: ["VB3-02"] }, "s.json")).toThrow(/"train" is not a list/);
  });

  // The real exams live beside the repository (../shared/realdata); machines without them skip this.
  const INDEX = path.resolve(__dirname, "../../../../shared/realdata/index.json");
  it.skipIf(!existsSync(REALDATA_SPLIT_FILE) || !existsSync(INDEX))("reads the trainer's committed split: every exam once, test exams from each set", () => {
    const split = parseRealdataSplit(JSON.parse(readFileSync(REALDATA_SPLIT_FILE, "utf8")));
    const index = JSON.parse(readFileSync(INDEX, "utf8")) as { file: string }[];
    expect(split.size).toBe(index.length);
    for (const e of index) expect(split.has(e.file.replace(/\.npz$/, ""))).toBe(true);
    const test = [...split].filter(([, s]) => s === "test").map(([id]) => id.split("-")[0]);
    expect(new Set(test)).toEqual(new Set(["VB1", "VB3", "IVD"]));
  });
});
