import { describe, expect, it } from "vitest";
import { filterBoard, NO_BOARD_FILTERS } from "../../../lib/supervision/board-filter";
import { bulkStudyLabel } from "../../../lib/supervision/assign-studies";

const row = (id: string, over: Partial<Parameters<typeof filterBoard>[0][number]> = {}) => ({
  id,
  reviewState: "NEW",
  description: "LUMBAR SPINE",
  accessionNumber: `ACC-${id}`,
  patientId: `PID-${id}`,
  patientName: "DOE^JANE",
  readings: [] as Array<{ status: string; readerId: string | null }>,
  ...over,
});

const rows = [
  row("1"),
  row("2", { reviewState: "IN_REVIEW", readings: [{ status: "IN_PROGRESS", readerId: "rita" }] }),
  row("3", { reviewState: "ADJUDICATION", description: "L-SPINE MR", readings: [{ status: "SIGNED", readerId: "rita" }, { status: "SIGNED", readerId: "rex" }] }),
  row("4", { readings: [{ status: "ASSIGNED", readerId: "rex" }] }),
  // A pseudonymised row: no patient ID or accession to find.
  row("5", { patientId: "", accessionNumber: null, patientName: "Study 7F3K-2Q9D" }),
];
const ids = (filters: Partial<typeof NO_BOARD_FILTERS>) => filterBoard(rows, { ...NO_BOARD_FILTERS, ...filters }).map((r) => r.id);

describe("filterBoard: the assignment board's filters (issue 17.4)", () => {
  it("keeps every row without filters, in order", () => {
    expect(ids({})).toEqual(["1", "2", "3", "4", "5"]);
  });
  it("filters by state", () => {
    expect(ids({ state: "ADJUDICATION" })).toEqual(["3"]);
    expect(ids({ state: "SIGNED" })).toEqual([]);
  });
  it("filters by a reader holding a live reading of the study, whatever its status", () => {
    expect(ids({ readerId: "rita" })).toEqual(["2", "3"]);
    expect(ids({ readerId: "rex" })).toEqual(["3", "4"]);
  });
  it("'unassigned only' keeps the rows where nobody holds an open (assigned or in-progress) reading", () => {
    expect(ids({ unassigned: true })).toEqual(["1", "3", "5"]);
  });
  it("searches description, accession and patient ID, case-insensitively and trimmed", () => {
    expect(ids({ text: "acc-4" })).toEqual(["4"]);
    expect(ids({ text: " pid-2 " })).toEqual(["2"]);
    expect(ids({ text: "l-spine" })).toEqual(["3"]);
    expect(ids({ text: "7f3k" })).toEqual(["5"]);
  });
  it("combines the filters (all must hold)", () => {
    expect(ids({ readerId: "rex", unassigned: true })).toEqual(["3"]);
    expect(ids({ state: "NEW", text: "ACC-" })).toEqual(["1", "4"]);
  });
});

describe("bulkStudyLabel: how a refusal names a study", () => {
  const header = { identified: true, patientName: "DOE^JANE", patientId: "PH000103", accessionNumber: "PHA0009103", description: "LUMBAR SPINE", studyInstanceUid: "1.2.3" };
  it("by accession and patient ID when the actor may identify the patient", () => {
    expect(bulkStudyLabel(header)).toBe("accession PHA0009103 (patient PH000103)");
    expect(bulkStudyLabel({ ...header, accessionNumber: null })).toBe("the study of patient PH000103 (LUMBAR SPINE)");
    expect(bulkStudyLabel({ ...header, accessionNumber: null, patientId: "" })).toBe("study 1.2.3");
  });
  it("by the pseudonym, and nothing else, when identity is withheld", () => {
    expect(bulkStudyLabel({ ...header, identified: false, patientName: "Study 7F3K-2Q9D", patientId: "", accessionNumber: null })).toBe("Study 7F3K-2Q9D");
  });
});
