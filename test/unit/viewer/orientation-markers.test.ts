import { describe, expect, it } from "vitest";
import { directionLetters, orientationMarkers } from "@/lib/viewer/orientation-markers";

describe("orientationMarkers (PS3.3 C.7.6.2.1.1)", () => {
  it("axial, supine, head first: R on the left, L on the right, A at the top, P at the bottom", () => {
    expect(orientationMarkers([1, 0, 0], [0, 1, 0])).toEqual({ left: "R", right: "L", top: "A", bottom: "P" });
  });

  it("sagittal (IOP 0,1,0, 0,0,-1): A on the left, P on the right, H at the top, F at the bottom", () => {
    expect(orientationMarkers([0, 1, 0], [0, 0, -1])).toEqual({ left: "A", right: "P", top: "H", bottom: "F" });
  });

  it("coronal (IOP 1,0,0, 0,0,-1): R/L across, H/F down", () => {
    expect(orientationMarkers([1, 0, 0], [0, 0, -1])).toEqual({ left: "R", right: "L", top: "H", bottom: "F" });
  });

  it("an axial tilted 20° (cos 20° = 0.940, sin 20° = 0.342) names the secondary axis", () => {
    const c = Math.cos((20 * Math.PI) / 180);
    const s = Math.sin((20 * Math.PI) / 180);
    // Column direction mostly posterior, partly towards the feet.
    expect(orientationMarkers([1, 0, 0], [0, c, -s])).toEqual({ left: "R", right: "L", top: "AH", bottom: "PF" });
  });

  it("a 5° tilt stays a single letter (below the 0.25 cosine threshold)", () => {
    const s = Math.sin((5 * Math.PI) / 180);
    expect(directionLetters([0, Math.cos((5 * Math.PI) / 180), s])).toBe("P");
  });

  it("a zero vector has no letters", () => {
    expect(directionLetters([0, 0, 0])).toBe("");
  });
});
