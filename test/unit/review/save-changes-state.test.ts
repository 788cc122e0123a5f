import { describe, expect, it } from "vitest";
import { saveChangesState } from "../../../lib/review/policy";

// From docs/reading-policy.md and startReadingInTx's contract: a save starts an assigned reading,
// and a single-read primary reading's save takes a NEW or PRE_ANNOTATED study into IN_REVIEW;
// every other save changes no state and may share the study's lock.
describe("saveChangesState: which saves need the study's update lock", () => {
  const cases: Array<[string, Parameters<typeof saveChangesState>[0], Parameters<typeof saveChangesState>[1], boolean]> = [
    ["an assigned reading's first save starts it", { status: "ASSIGNED", role: "SECOND", amendsId: null }, { reviewState: "IN_REVIEW" }, true],
    ["an assigned primary reading on a pre-annotated study", { status: "ASSIGNED", role: "PRIMARY", amendsId: null }, { reviewState: "PRE_ANNOTATED" }, true],
    ["a primary reading in progress on a PRE_ANNOTATED study moves it", { status: "IN_PROGRESS", role: "PRIMARY", amendsId: null }, { reviewState: "PRE_ANNOTATED" }, true],
    ["a primary reading in progress on a NEW study moves it", { status: "IN_PROGRESS", role: "PRIMARY", amendsId: null }, { reviewState: "NEW" }, true],
    ["a primary reading in progress on a study in review", { status: "IN_PROGRESS", role: "PRIMARY", amendsId: null }, { reviewState: "IN_REVIEW" }, false],
    ["an amendment in progress never moves the study", { status: "IN_PROGRESS", role: "PRIMARY", amendsId: "signed-1" }, { reviewState: "SIGNED" }, false],
    ["an annotator's reading in progress on a pre-annotated study", { status: "IN_PROGRESS", role: "ANNOTATION", amendsId: null }, { reviewState: "PRE_ANNOTATED" }, false],
    ["a second reading in progress", { status: "IN_PROGRESS", role: "SECOND", amendsId: null }, { reviewState: "IN_REVIEW" }, false],
  ];
  for (const [name, reading, study, expected] of cases) {
    it(`${name}: ${expected ? "update" : "share"}`, () => {
      expect(saveChangesState(reading, study)).toBe(expected);
    });
  }
});
