import { describe, expect, it } from "vitest";
import { boundedText, SHOWN_TEXT_MAX } from "../../../lib/format/bounded-text";

describe("boundedText: untrusted DICOM text cut to a length a listing can show", () => {
  it("keeps a value of at most the limit whole, null as null", () => {
    expect(boundedText("LUMBAR SPINE", 64)).toBe("LUMBAR SPINE");
    expect(boundedText("a".repeat(64), 64)).toBe("a".repeat(64));
    expect(boundedText(null, 64)).toBeNull();
    expect(boundedText("", 64)).toBe("");
  });

  it("cuts a longer value to the limit, the last character an ellipsis", () => {
    expect(boundedText("abcdefgh", 5)).toBe("abcd…");
    expect(boundedText("<script>alert(1)</script>", 9)).toBe("<script>…");
    expect(boundedText("X".repeat(30_000), 64)).toHaveLength(64);
  });

  it("counts characters, not UTF-16 units: no half of a surrogate pair is left", () => {
    const name = "山田^太郎=𠮷野^家";
    expect(name.length).toBe(11); // UTF-16 units; 10 characters
    expect(boundedText(name, 10)).toBe(name);
    expect(boundedText("𠮷𠮷𠮷𠮷", 3)).toBe("𠮷𠮷…");
  });

  it("uses PS3.5's maxima: 64 for LO, three 64-character groups and two '=' for PN", () => {
    expect(SHOWN_TEXT_MAX).toEqual({ LO: 64, SH: 64, PN: 194 });
  });
});
