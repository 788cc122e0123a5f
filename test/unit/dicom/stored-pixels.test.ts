import { describe, expect, it } from "vitest";
import { allocateStored, fillStored } from "@/lib/dicom";

describe("fillStored", () => {
  it("masks to Bits Stored and sign-extends", () => {
    // 12 bits stored in 16: 0xF800 has garbage above bit 11 (an overlay bit); 0x0FFF is -1 signed.
    const bytes = Uint8Array.from([0x00, 0xf8, 0xff, 0x0f, 0x01, 0x00]);
    const unsigned = allocateStored(3, 16, false);
    fillStored(unsigned, bytes, 2, 12, false);
    expect([...unsigned]).toEqual([0x800, 0xfff, 1]);
    const signed = allocateStored(3, 16, true);
    fillStored(signed, bytes, 2, 12, true);
    expect([...signed]).toEqual([-2048, -1, 1]);
  });

  it("reads words at an odd byte offset (copying instead of failing)", () => {
    const buffer = Buffer.from([0xaa, 0x01, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0x7f]);
    const target = allocateStored(2, 32, true);
    fillStored(target, buffer.subarray(1), 4, 32, true);
    expect([...target]).toEqual([-2147483647, 2147483647]);
  });

  it("reads big-endian samples", () => {
    const target = allocateStored(2, 16, true);
    fillStored(target, Uint8Array.from([0xff, 0xfe, 0x00, 0x02]), 2, 16, true, false);
    expect([...target]).toEqual([-2, 2]);
  });
});
