import { describe, expect, it } from "vitest";
import { cineNext, initialLayout, layoutStorageKey, parseLayoutPrefs, prefsOf, seriesTitle, type THangingSeries } from "@/lib/viewer/hanging-protocol";

const s = (key: string, plane: string, weighting: string, count = 10): THangingSeries => ({ key, plane, weighting, description: null, images: Array.from({ length: count }) });
// A one-image localizer stack in the T1 sagittal's plane and weighting comes first, as in the decoys phantom.
const SERIES = [s("locSag", "SAGITTAL", "T1", 1), s("sagT2", "SAGITTAL", "T2"), s("sagT1", "SAGITTAL", "T1"), s("ax1", "AXIAL", "T2"), s("ax2", "AXIAL", "T2"), s("cor", "CORONAL", "T2")];

describe("hanging protocol", () => {
  it("opens the reading's sagittal left and the current level's axial stack right", () => {
    expect(initialLayout({ series: SERIES, sagittal: "sagT2", currentAxial: "ax2", prefs: {} })).toEqual({ left: "sagT2", right: "ax2" });
  });

  it("reopens the reader's last left choice by plane and weighting (the largest such stack, not the localizer), and a non-axial right choice", () => {
    const prefs = { left: { plane: "SAGITTAL", weighting: "T1" }, right: { plane: "CORONAL", weighting: "T2" } };
    expect(initialLayout({ series: SERIES, sagittal: "sagT2", currentAxial: "ax2", prefs })).toEqual({ left: "sagT1", right: "cor" });
  });

  it("falls back to the protocol when the study has no series like the remembered one", () => {
    const prefs = { left: { plane: "SAGITTAL", weighting: "PD" }, right: { plane: "OBLIQUE", weighting: "T1" } };
    expect(initialLayout({ series: SERIES, sagittal: "sagT2", currentAxial: null, prefs })).toEqual({ left: "sagT2", right: "ax1" });
  });

  it("remembers each pane's plane and weighting, but not an axial right pane (it follows the level)", () => {
    expect(prefsOf({ left: "sagT1", right: "ax1" }, SERIES, { maximised: "ax", fps: 15 })).toEqual({ left: { plane: "SAGITTAL", weighting: "T1" }, right: null, maximised: "ax", fps: 15 });
    expect(prefsOf({ left: "sagT2", right: "cor" }, SERIES, {}).right).toEqual({ plane: "CORONAL", weighting: "T2" });
  });

  it("reads stored prefs through the schema: junk and out-of-range values give the defaults", () => {
    expect(parseLayoutPrefs(null)).toEqual({});
    expect(parseLayoutPrefs("{not json")).toEqual({});
    expect(parseLayoutPrefs(JSON.stringify({ fps: 1000 }))).toEqual({});
    expect(parseLayoutPrefs(JSON.stringify({ maximised: "sag", fps: 5 }))).toEqual({ maximised: "sag", fps: 5 });
    expect(layoutStorageKey("u1")).toBe("discern.viewer.layout.v1.u1");
  });

  it("names a stack by plane and weighting; cine wraps to the first slice", () => {
    expect(seriesTitle({ plane: "SAGITTAL", weighting: "T1" })).toBe("Sagittal T1");
    expect(seriesTitle({ plane: "UNKNOWN", weighting: "OTHER" })).toBe("Unknown plane");
    expect([cineNext(0, 3), cineNext(2, 3), cineNext(0, 0)]).toEqual([1, 0, 0]);
  });
});
