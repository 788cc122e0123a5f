import { describe, expect, it } from "vitest";
import { activationStack } from "@/lib/models/activate-model";
import { headlineFigures } from "@/lib/models/headline-figures";
import { parseModelTask } from "@/lib/models/tasks";

describe("activationStack", () => {
  it("pushes promotions and pops on rollback, so rollbacks walk back through the promotions", () => {
    const log = (...entries: Array<[string, "BOOT" | "PROMOTE" | "ROLLBACK"]>) => entries.map(([modelVersionId, kind]) => ({ modelVersionId, kind }));
    expect(activationStack(log(["a", "BOOT"], ["b", "PROMOTE"], ["c", "PROMOTE"]))).toEqual(["a", "b", "c"]);
    expect(activationStack(log(["a", "BOOT"], ["b", "PROMOTE"], ["c", "PROMOTE"], ["b", "ROLLBACK"]))).toEqual(["a", "b"]);
    expect(activationStack(log(["a", "BOOT"], ["b", "PROMOTE"], ["c", "PROMOTE"], ["b", "ROLLBACK"], ["a", "ROLLBACK"]))).toEqual(["a"]);
    // Re-promoting an older version pushes it again: a rollback returns to the one it replaced.
    expect(activationStack(log(["a", "BOOT"], ["b", "PROMOTE"], ["a", "PROMOTE"]))).toEqual(["a", "b", "a"]);
  });
});

describe("headlineFigures", () => {
  it("takes the top-level numbers in a fixed order, the test split's when present", () => {
    expect(headlineFigures({ heldOut: { seeds: "1-90" }, n: 518, meanIoU: 0.9, localisationAccuracy: 1 })).toEqual([
      { label: "vertebra localisation", value: 1 },
      { label: "mean IoU", value: 0.9 },
      { label: "n", value: 518 },
    ]);
    expect(headlineFigures({ levelAccuracy: 1, test: { levelAccuracy: 0.8, n: 10 } })).toEqual([
      { label: "level accuracy", value: 0.8 },
      { label: "n", value: 10 },
    ]);
    expect(headlineFigures(null)).toEqual([]);
  });
});

describe("parseModelTask", () => {
  it("accepts the manifest task or the role, and refuses anything else with the choices", () => {
    expect(parseModelTask("classifier")).toBe("disc-classification");
    expect(parseModelTask("vertebra-detection")).toBe("vertebra-detection");
    expect(() => parseModelTask("spleen")).toThrow(/Unknown model task "spleen"; use vertebra-detection/);
  });
});
