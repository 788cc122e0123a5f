import { describe, expect, it } from "vitest";
import { filterBoard, NO_BOARD_FILTERS } from "../../../lib/supervision/board-filter";

/**
 * Tried to break (tester session, 2026-11-30): the board shows a patient's name as a person reads
 * it ("PHANTOM, 9104", "Doe, Jane"), but the search matched only the raw DICOM PN ("PHANTOM^9104"):
 * typing or pasting the name as shown found nothing.
 */
const row = (id: string, patientName: string | null) => ({ id, reviewState: "NEW", description: "LUMBAR SPINE", accessionNumber: `ACC-${id}`, patientId: `PID-${id}`, patientName, readings: [] });
const rows = [row("1", "PHANTOM^9104"), row("2", "Doe^Jane^Q^Dr"), row("3", "Study 7F3K-2Q9D"), row("4", null)];
const ids = (text: string) => filterBoard(rows, { ...NO_BOARD_FILTERS, text }).map((r) => r.id);

describe("filterBoard: the name is found as the board shows it", () => {
  it("matches the human form of the name, and the raw form still", () => {
    expect(ids("phantom, 9104")).toEqual(["1"]);
    expect(ids("Doe, Dr Jane")).toEqual(["2"]);
    expect(ids("PHANTOM^9104")).toEqual(["1"]);
    expect(ids("jane")).toEqual(["2"]);
  });
  it("still finds a pseudonym as shown", () => {
    expect(ids("study 7f3k")).toEqual(["3"]);
  });
});
