import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import dcmjs from "dcmjs";
import { describe, expect, it } from "vitest";
import { buildEncapsulatedPdf, ENCAPSULATED_PDF } from "../../../lib/pacs/encapsulated-pdf";

/** A minimal Part 10 file carrying the patient and study attributes the PDF instance copies. */
function srLike(): Uint8Array {
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset({ FileMetaInformationVersion: new Uint8Array([0, 1]).buffer, MediaStorageSOPClassUID: "1.2.840.10008.5.1.4.1.1.88.33", MediaStorageSOPInstanceUID: "2.25.1", TransferSyntaxUID: "1.2.840.10008.1.2.1", ImplementationClassUID: "2.25.2" }));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({ SpecificCharacterSet: "ISO_IR 192", SOPClassUID: "1.2.840.10008.5.1.4.1.1.88.33", SOPInstanceUID: "2.25.1", PatientName: "Doe^Jane", PatientID: "MRN-1", PatientBirthDate: "19600101", PatientSex: "F", StudyInstanceUID: "1.2.826.0.1.3680043.8.498.1", StudyDate: "20260101", StudyTime: "101010", StudyID: "", AccessionNumber: "A1", ReferringPhysicianName: "", ContentDate: "20260102", ContentTime: "111111", _vrMap: {} });
  return new Uint8Array(dict.write());
}

describe("Encapsulated PDF (PS3.3 A.45.1) of a signed report", () => {
  const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"); // odd length on purpose

  it("same study and patient as the SR, its own series, stable UIDs per reading, the PDF padded to even length with its true length kept", () => {
    expect(pdf.byteLength % 2).toBe(1);
    const a = buildEncapsulatedPdf({ readingId: "reading-1", pdf, srBytes: srLike() });
    const again = buildEncapsulatedPdf({ readingId: "reading-1", pdf, srBytes: srLike() });
    const other = buildEncapsulatedPdf({ readingId: "reading-2", pdf, srBytes: srLike() });
    expect(again.sopInstanceUid).toBe(a.sopInstanceUid);
    expect(other.sopInstanceUid).not.toBe(a.sopInstanceUid);
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(new Uint8Array(a.bytes).buffer).dict);
    expect(ds).toMatchObject({ SOPClassUID: ENCAPSULATED_PDF, SOPInstanceUID: a.sopInstanceUid, StudyInstanceUID: "1.2.826.0.1.3680043.8.498.1", PatientID: "MRN-1", Modality: "DOC", MIMETypeOfEncapsulatedDocument: "application/pdf", EncapsulatedDocumentLength: pdf.byteLength, BurnedInAnnotation: "YES" });
    const doc = new Uint8Array((ds.EncapsulatedDocument as ArrayBuffer[])[0]!);
    expect(doc.byteLength).toBe(pdf.byteLength + 1);
    expect(Buffer.from(doc.subarray(0, pdf.byteLength)).equals(Buffer.from(pdf))).toBe(true);
    expect(doc[pdf.byteLength]).toBe(0);
  });

  it.skipIf(!existsSync("/usr/bin/dciodvfy"))("passes dciodvfy (dicom3tools) without errors", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "encpdf-"));
    try {
      const file = path.join(dir, "pdf.dcm");
      writeFileSync(file, buildEncapsulatedPdf({ readingId: "reading-1", pdf, srBytes: srLike() }).bytes);
      const out = spawnSync("/usr/bin/dciodvfy", [file], { encoding: "utf8" });
      const errors = `${out.stdout}\n${out.stderr}`.split("\n").filter((l) => /^\s*(Error|E:)/.test(l));
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
