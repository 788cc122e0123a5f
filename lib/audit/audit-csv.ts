import { stringify } from "csv-stringify/sync";
import type { TAuditRow } from "./audit-log";

const COLUMNS = ["time_utc", "type", "actor", "actor_id", "study_instance_uid", "study_id", "payload"] as const;

/** A spreadsheet must not run a cell as a formula (a cell starting with = + - @ runs in Excel). */
function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The audit log as CSV (RFC 4180 through csv-stringify, CRLF line ends, a header row), one row
 * per event, the payload as compact JSON in one cell; text cells are defused against formula
 * injection.
 */
export function auditCsv(rows: readonly TAuditRow[]): string {
  const records = rows.map((r) => [r.createdAt, r.type, r.actorName ?? "", r.actorId ?? "", r.studyInstanceUid ?? "", r.studyId ?? "", JSON.stringify(r.payload)].map(defuse));
  return stringify([[...COLUMNS], ...records], { record_delimiter: "windows" });
}
