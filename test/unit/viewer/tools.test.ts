import { describe, expect, it } from "vitest";
import { boxesEditable, gestureFor, hotkeyOf, TOOL_HOTKEYS, zoomAfterDrag } from "@/lib/viewer/tools";

describe("gestureFor", () => {
  it("default tool: left-drag is window/level even on a box (an AI box is never moved)", () => {
    expect(gestureFor("default", 0, false)).toBe("window");
    expect(gestureFor("default", 0, true)).toBe("window");
  });
  it("right-drag zooms and middle-drag pans in every tool", () => {
    for (const tool of ["default", "edit", "draw", "length", "pan", "zoom", "window"] as const) {
      expect(gestureFor(tool, 2, true)).toBe("zoom");
      expect(gestureFor(tool, 1, false)).toBe("pan");
    }
  });
  it("only the edit tool edits a box; a left press beside a box in edit does nothing", () => {
    expect(gestureFor("edit", 0, true)).toBe("edit");
    expect(gestureFor("edit", 0, false)).toBe("none");
    expect(gestureFor("pan", 0, true)).toBe("pan");
    expect(gestureFor("zoom", 0, true)).toBe("zoom");
    expect(gestureFor("draw", 0, true)).toBe("draw");
    expect(gestureFor("length", 0, false)).toBe("measure");
  });
  it("boxes are draggable only in the edit tool of an editable reading", () => {
    expect(boxesEditable("edit", true)).toBe(true);
    expect(boxesEditable("edit", false)).toBe(false);
    expect(boxesEditable("default", true)).toBe(false);
    expect(boxesEditable("draw", true)).toBe(false);
  });
});

describe("hotkeys", () => {
  it("E B M P Z W select the tools; Esc is the default", () => {
    expect(TOOL_HOTKEYS).toEqual({ e: "edit", b: "draw", m: "length", p: "pan", z: "zoom", w: "window" });
    expect(hotkeyOf("edit")).toBe("E");
    expect(hotkeyOf("length")).toBe("M");
    expect(hotkeyOf("default")).toBe("Esc");
  });
});

describe("zoomAfterDrag", () => {
  it("drag up zooms in, down zooms out, and 100 px is a factor e", () => {
    expect(zoomAfterDrag(1, -100)).toBeCloseTo(Math.E, 6);
    expect(zoomAfterDrag(1, 100)).toBeCloseTo(1 / Math.E, 6);
  });
  it("clamps to 0.25–20", () => {
    expect(zoomAfterDrag(1, 10_000)).toBe(0.25);
    expect(zoomAfterDrag(10, -10_000)).toBe(20);
  });
});
