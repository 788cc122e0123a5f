import { personNameOf } from "../format/dicom-human";

/** What the board filter needs of a row (TBoardStudy satisfies it). */
export interface TBoardFilterRow {
  reviewState: string;
  description: string | null;
  accessionNumber: string | null;
  /** "" when the row shows the pseudonym. */
  patientId: string;
  /** The patient's name, or the study's pseudonym. */
  patientName: string | null;
  readings: ReadonlyArray<{ status: string; readerId: string | null }>;
}

export interface TBoardFilters {
  /** A ReviewState, or "" for any. */
  state: string;
  /** A reader's user id: rows where they hold a live reading (any status shown on the board); "" for anyone. */
  readerId: string;
  /** Only rows where nobody holds an open (assigned or in-progress) reading. */
  unassigned: boolean;
  /** Case-insensitive substring of the description, accession, patient ID or name, raw or as shown (the pseudonym where shown). */
  text: string;
}

export const NO_BOARD_FILTERS: TBoardFilters = { state: "", readerId: "", unassigned: false, text: "" };

const isOpen = (status: string) => status === "ASSIGNED" || status === "IN_PROGRESS";

/**
 * The rows that pass every filter, in their order. Pure: the board filters in the browser (no
 * round trip per keystroke), and only what the viewer was sent can match: a pseudonymised row has
 * no patient ID or accession to find.
 */
export function filterBoard<T extends TBoardFilterRow>(rows: readonly T[], filters: TBoardFilters): T[] {
  const needle = filters.text.trim().toLowerCase();
  return rows.filter((row) => {
    if (filters.state && row.reviewState !== filters.state) return false;
    if (filters.readerId && !row.readings.some((r) => r.readerId === filters.readerId)) return false;
    if (filters.unassigned && row.readings.some((r) => isOpen(r.status))) return false;
    if (!needle) return true;
    // The name both as stored (DICOM PN, "DOE^JANE") and as the board shows it ("DOE, JANE").
    return [row.description, row.accessionNumber, row.patientId, row.patientName, personNameOf(row.patientName)].some((field) => !!field && field.toLowerCase().includes(needle));
  });
}
