import { describe, expect, it } from "vitest";
import { distanceToSegment, nearestSegment } from "@/lib/viewer/nearest-line";

describe("distanceToSegment", () => {
  it("perpendicular inside the segment, end-point distance outside it", () => {
    expect(distanceToSegment([5, 3], [0, 0], [10, 0])).toBe(3);
    expect(distanceToSegment([13, 4], [0, 0], [10, 0])).toBe(5);
    expect(distanceToSegment([1, 1], [0, 0], [0, 0])).toBeCloseTo(Math.SQRT2, 12);
  });
});

describe("nearestSegment", () => {
  const lines = [
    { key: "s1", points: [[0, 10], [100, 10]] as [[number, number], [number, number]] },
    { key: "s2", points: [[0, 14], [100, 14]] as [[number, number], [number, number]] },
  ];
  it("picks the closest line within the tolerance", () => {
    expect(nearestSegment([50, 11], lines, 3)).toBe("s1");
    expect(nearestSegment([50, 13], lines, 3)).toBe("s2");
  });
  it("returns null when no line is within the tolerance", () => {
    expect(nearestSegment([50, 30], lines, 3)).toBeNull();
    expect(nearestSegment([150, 10], lines, 3)).toBeNull();
  });
});
