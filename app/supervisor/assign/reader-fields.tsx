"use client";

/** A reader who may be assigned (radiologist or supervisor). */
export interface TReader {
  id: string;
  name: string;
  role: string;
}

/** One `<option>` per reader: "name (role)". */
export function readerOptions(readers: TReader[]) {
  return readers.map((r) => (
    <option key={r.id} value={r.id}>
      {r.name} ({r.role.toLowerCase()})
    </option>
  ));
}

/**
 * The reading design and its reader(s), for one study's form and for the bulk bar: single → one
 * reader, double blinded → two (the second defaults to the second reader listed). `names` are the
 * form field names (each form reads its own).
 */
export function ReaderFields({ design, onDesign, readers, names }: { design: string; onDesign: (design: string) => void; readers: TReader[]; names: { design: string; reader1: string; reader2: string } }) {
  const options = readerOptions(readers);
  return (
    <>
      <label>
        Design
        <select name={names.design} value={design} onChange={(e) => onDesign(e.target.value)}>
          <option value="SINGLE">single</option>
          <option value="DOUBLE_BLINDED">double blinded</option>
        </select>
      </label>
      <label>
        {design === "SINGLE" ? "Reader" : "First reader"}
        <select name={names.reader1} required>
          {options}
        </select>
      </label>
      {design === "DOUBLE_BLINDED" ? (
        <label>
          Second reader
          <select name={names.reader2} required defaultValue={readers[1]?.id}>
            {options}
          </select>
        </label>
      ) : null}
    </>
  );
}
