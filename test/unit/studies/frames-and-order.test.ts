import { describe, expect, it } from "vitest";
import { ByteLruCache } from "../../../lib/studies/frame-cache";
import { ZFrameQuery, toFrameRequest } from "../../../lib/studies/frame-request";
import { orderAlongNormal, type TRow } from "../../../lib/studies/get-study-images";
import { matchesEtag } from "../../../lib/studies/instance-frame";

function row(sop: string, instanceNumber: number | null, position: number[] | null, iop = [0, 1, 0, 0, 0, -1]): TRow {
  return {
    id: sop,
    sopInstanceUid: sop,
    instanceNumber,
    rows: 4,
    columns: 4,
    frames: 1,
    samplesPerPixel: 1,
    photometricInterpretation: "MONOCHROME2",
    rescaleSlope: 1,
    rescaleIntercept: 0,
    windowCenter: null,
    windowWidth: null,
    imagePositionPatient: position ?? [],
    imageOrientationPatient: position ? iop : [],
    pixelSpacing: position ? [1, 1] : [],
    sliceThickness: null,
  };
}

describe("[IMPORT] ByteLruCache", () => {
  it("evicts the least recently used entries once the byte bound is passed", () => {
    const cache = new ByteLruCache<string>(100);
    cache.set("a", "A", 40);
    cache.set("b", "B", 40);
    expect(cache.get("a")).toBe("A"); // a is now the newest
    cache.set("c", "C", 40);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe("A");
    expect(cache.get("c")).toBe("C");
    expect(cache.bytes).toBe(80);
    cache.set("huge", "H", 101);
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});

describe("[IMPORT] orderAlongNormal", () => {
  it("orders a sagittal stack by position along the normal, not by instance number; images without geometry last", () => {
    // Sagittal: rows along +y (posterior), columns along -z; normal = y × -z = -x.
    const rows = [row("3", 1, [10, 0, 0]), row("1", 2, [-10, 0, 0]), row("none", 0, null), row("2", 3, [0, 0, 0])];
    const ordered = orderAlongNormal(rows);
    expect(ordered.map((r) => r.sopInstanceUid)).toEqual(["3", "2", "1", "none"]);
    expect(ordered.map((r) => r.positionAlongNormal)).toEqual([-10, 0, 10, null]);
    expect(ordered[0]?.frameUrl).toBe("/api/instances/3/frames/0");
  });
});

describe("[IMPORT] frame requests and ETags", () => {
  it("parses raw by default and png with a window, refusing half a window", () => {
    expect(toFrameRequest(ZFrameQuery.parse({}))).toEqual({ format: "raw" });
    expect(toFrameRequest(ZFrameQuery.parse({ format: "png", wc: "40", ww: "400" }))).toEqual({ format: "png", window: { center: 40, width: 400 } });
    expect(ZFrameQuery.safeParse({ format: "png", wc: "40" }).success).toBe(false);
    expect(ZFrameQuery.safeParse({ format: "png", wc: "40", ww: "0" }).success).toBe(false);
    expect(ZFrameQuery.safeParse({ format: "raw", wc: "40", ww: "400" }).success).toBe(false);
  });

  it("matches an ETag in a list, in weak form and for *", () => {
    expect(matchesEtag('"x", "abc-0-raw"', '"abc-0-raw"')).toBe(true);
    expect(matchesEtag('W/"abc-0-raw"', '"abc-0-raw"')).toBe(true);
    expect(matchesEtag("*", '"abc-0-raw"')).toBe(true);
    expect(matchesEtag('"abc-0-png"', '"abc-0-raw"')).toBe(false);
    expect(matchesEtag(null, '"abc-0-raw"')).toBe(false);
  });
});
