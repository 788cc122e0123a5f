import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { defaultWindow, encodeGrayPng, rawFrame16, renderFrame8, type DecodedFrame } from "@/lib/dicom";
import { decodeAll, readFixture } from "./fixtures";

function monoFrame(values: number[], photometricInterpretation = "MONOCHROME2"): DecodedFrame {
  return { frameIndex: 0, rows: 1, columns: values.length, samplesPerPixel: 1, photometricInterpretation, bitsStored: 16, pixelRepresentation: 1, pixels: Int16Array.from(values) };
}
const identity = { rescaleSlope: 1, rescaleIntercept: 0 };

describe("renderFrame8", () => {
  it("applies the linear VOI window of PS3.3 C.11.2.1.2", () => {
    const frame = monoFrame([-1000, 0, 39, 40, 41, 80, 1000]);
    // centre 40, width 81: y = ((x - 39.5) / 80 + 0.5) × 255, clamped to 0..255 and rounded:
    // 0 → 1.6, 39 → 125.9, 40 → 129.1, 41 → 132.3, 80 → 256.6.
    expect([...renderFrame8(frame, identity, { center: 40, width: 81 })]).toEqual([0, 2, 126, 129, 132, 255, 255]);
  });

  it("applies the modality LUT before the window", () => {
    const frame = monoFrame([0, 1024]);
    const out = renderFrame8(frame, { rescaleSlope: 1, rescaleIntercept: -1024 }, { center: 0, width: 2 });
    expect([...out]).toEqual([0, 255]);
  });

  it("inverts MONOCHROME1 so that bright always means high", () => {
    const window = { center: 50, width: 101 };
    const mono2 = renderFrame8(monoFrame([0, 100]), identity, window);
    const mono1 = renderFrame8(monoFrame([0, 100], "MONOCHROME1"), identity, window);
    expect([...mono1]).toEqual([...mono2].map((v) => 255 - v));
  });

  it("defaults to the file's window, else the frame's range", async () => {
    const instance = readFixture("fodicom/GH1339.dcm");
    const [frame] = await decodeAll(instance);
    expect(defaultWindow(instance.meta, frame)).toEqual({ center: 379, width: 852 });
    expect(defaultWindow({ ...identity }, monoFrame([10, 30]))).toEqual({ center: 20, width: 20 });
  });

  it("renders colour as luminance", async () => {
    const [frame] = await decodeAll(readFixture("pydicom/SC_rgb_rle.dcm"));
    const gray = renderFrame8(frame!, identity);
    expect(gray.length).toBe(frame!.rows * frame!.columns);
    // First pixel is pure red (255, 0, 0): Rec. 601 luma 0.299 × 255 ≈ 76.
    expect(gray[0]).toBe(76);
  });
});

describe("encodeGrayPng and rawFrame16", () => {
  it("writes a grayscale PNG that reads back to the same bytes", async () => {
    const instance = readFixture("fodicom/GH1339.dcm");
    const [frame] = await decodeAll(instance);
    const gray = renderFrame8(frame!, instance.meta);
    const png = PNG.sync.read(encodeGrayPng(gray, frame!.columns, frame!.rows));
    expect([png.width, png.height]).toEqual([320, 320]);
    // pngjs reads back RGBA; every channel carries the gray value.
    for (const i of [0, 1000, 51200, 102399]) expect(png.data[i * 4]).toBe(gray[i]);
  });

  it("returns raw 16-bit values with window defaults for client-side windowing", async () => {
    const instance = readFixture("cswil/CTImage.dcm");
    const [frame] = await decodeAll(instance);
    const raw = rawFrame16(frame!, instance.meta);
    expect(raw.pixels).toBeInstanceOf(Int16Array);
    expect(raw.pixels.length).toBe(512 * 512);
    expect(raw.window.width).toBeGreaterThan(0);
    expect(raw.invert).toBe(false);
  });
});
