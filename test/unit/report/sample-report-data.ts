import type { TReportData } from "@/lib/report/report-data";

/** A hand-made signed study: three levels assessed, the reader changed L4-L5 from bulge to herniation. */
export function sampleReportData(): TReportData {
  const mr = "1.2.840.10008.5.1.4.1.1.4";
  return {
    studyId: "study1",
    studyInstanceUid: "1.2.3.4.5",
    studyDate: "20240102",
    studyTime: "101500",
    accessionNumber: "ACC123",
    studyDescription: "LUMBAR SPINE",
    patient: { id: "PID-77", issuer: "", name: "Doe^Jane\u0007<b>", birthDate: "19700101", sex: "F" },
    reading: { id: "reading1", role: "PRIMARY", signedAt: new Date("2024-01-03T09:00:00Z"), reader: { id: "user1", name: "Dr Ada Reader", email: "ada@example.org" } },
    models: [{ id: "classifier", version: "1.0.0" }],
    levels: [
      { level: "L1-L2", diagnosis: "normal", aiDiagnosis: "normal", aiProbability: 0.91, changedByReader: false, images: [{ sopInstanceUid: "1.2.3.4.5.2.1", roi: [10, 10, 40, 40] }] },
      { level: "L2-L3", diagnosis: null, aiDiagnosis: null, aiProbability: null, changedByReader: false, images: [] },
      { level: "L3-L4", diagnosis: "bulge", aiDiagnosis: "bulge", aiProbability: 0.7, changedByReader: false, images: [] },
      { level: "L4-L5", diagnosis: "herniation", aiDiagnosis: "bulge", aiProbability: 0.55, changedByReader: true, images: [{ sopInstanceUid: "1.2.3.4.5.2.2", roi: [12, 12, 44, 44] }] },
      { level: "L5-S1", diagnosis: null, aiDiagnosis: null, aiProbability: null, changedByReader: false, images: [] },
    ],
    vertebrae: [{ label: "L4", box: [20, 30, 50, 60], sopInstanceUid: "1.2.3.4.5.1.1" }],
    sagittal: { seriesInstanceUid: "1.2.3.4.5.1", midSopInstanceUid: "1.2.3.4.5.1.1" },
    instances: {
      "1.2.3.4.5.1.1": { sopClassUid: mr, seriesInstanceUid: "1.2.3.4.5.1" },
      "1.2.3.4.5.2.1": { sopClassUid: mr, seriesInstanceUid: "1.2.3.4.5.2" },
      "1.2.3.4.5.2.2": { sopClassUid: mr, seriesInstanceUid: "1.2.3.4.5.2" },
    },
  };
}
