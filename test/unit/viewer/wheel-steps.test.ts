import { describe, expect, it } from "vitest";
import { WHEEL_PX_PER_SLICE, wheelSteps, type TWheelInput } from "@/lib/viewer/wheel-steps";

/** Feeds a sequence of events and sums the slices moved. */
function run(events: TWheelInput[]): number {
  let residual = 0;
  let moved = 0;
  for (const e of events) {
    const r = wheelSteps(residual, e);
    residual = r.residual;
    moved += r.steps;
  }
  return moved;
}
const px = (deltaY: number, n: number): TWheelInput[] => Array.from({ length: n }, () => ({ deltaY, deltaMode: 0 }));

describe("wheelSteps", () => {
  it("moves one slice per Chrome mouse notch (100 px)", () => {
    expect(WHEEL_PX_PER_SLICE).toBe(100);
    expect(run(px(100, 1))).toBe(1);
    expect(run(px(100, 10))).toBe(10);
    expect(run(px(-100, 10))).toBe(-10);
  });

  it("never moves more than one slice per notch for 120 px notches (a 10-notch flick is 10 slices)", () => {
    expect(run(px(120, 10))).toBe(10);
    expect(run(px(240, 10))).toBe(10);
  });

  it("accumulates small trackpad deltas: 100 events of 4 px are 4 slices", () => {
    expect(run(px(4, 100))).toBe(4);
    expect(run(px(4, 24))).toBe(0);
    expect(run(px(4, 25))).toBe(1);
  });

  it("a single huge momentum delta moves one slice, not ten", () => {
    expect(run([{ deltaY: 1000, deltaMode: 0 }])).toBe(1);
  });

  it("reversing direction drops the residual", () => {
    // 90 px down leaves a residual; 10 px up must not be cancelled by it, nor move anything.
    const a = wheelSteps(0, { deltaY: 90, deltaMode: 0 });
    expect(a).toEqual({ steps: 0, residual: 90 });
    const b = wheelSteps(a.residual, { deltaY: -10, deltaMode: 0 });
    expect(b).toEqual({ steps: 0, residual: -10 });
    expect(run([...px(90, 1), ...px(-100, 1)])).toBe(-1);
  });

  it("Firefox line mode: a 3-line notch is one slice; page mode is one slice per event", () => {
    expect(run(Array.from({ length: 5 }, () => ({ deltaY: 3, deltaMode: 1 })))).toBe(5);
    expect(run(Array.from({ length: 3 }, () => ({ deltaY: -1, deltaMode: 2 })))).toBe(-3);
  });

  it("ignores zero and non-finite deltas", () => {
    expect(wheelSteps(40, { deltaY: 0, deltaMode: 0 })).toEqual({ steps: 0, residual: 40 });
    expect(wheelSteps(40, { deltaY: Number.NaN, deltaMode: 0 })).toEqual({ steps: 0, residual: 40 });
  });
});
