import { describe, expect, it } from "vitest";
import { rowKeyAction } from "../../../components/use-row-cursor";

describe("rowKeyAction: the worklist's and the assignment board's keys", () => {
  it("moves with j/k and the arrows, clamped at both ends", () => {
    expect(rowKeyAction("j", 0, 3)).toEqual({ kind: "move", to: 1 });
    expect(rowKeyAction("ArrowDown", 2, 3)).toEqual({ kind: "move", to: 2 });
    expect(rowKeyAction("k", 1, 3)).toEqual({ kind: "move", to: 0 });
    expect(rowKeyAction("ArrowUp", 0, 3)).toEqual({ kind: "move", to: 0 });
  });
  it("opens the cursor row with Enter", () => {
    expect(rowKeyAction("Enter", 2, 3)).toEqual({ kind: "open", index: 2 });
  });
  it("toggles with x only where the list selects", () => {
    expect(rowKeyAction("x", 1, 3, { toggle: true })).toEqual({ kind: "toggle", index: 1 });
    expect(rowKeyAction("x", 1, 3)).toBeNull();
  });
  it("does nothing on an empty list or another key", () => {
    expect(rowKeyAction("j", 0, 0)).toBeNull();
    expect(rowKeyAction("a", 0, 3)).toBeNull();
  });
});
