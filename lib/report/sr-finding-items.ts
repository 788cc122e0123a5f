import type { NaturalDataset } from "dcmjs";
import { FINDING_VOCABULARY } from "../findings";
import { FINDING_CODES, LENGTH_PURPOSE_CODES, findingDetailCodes, termCode, type TCode } from "./codes";
import { aiAssessmentOf, reportFindingOf, reportSentenceOf, type TReportData, type TReportLevel } from "./report-data";

export const srCode = (c: TCode) => ({ CodeValue: c.value, CodingSchemeDesignator: c.scheme, CodeMeaning: c.meaning });
export const srItem = (relationship: string, valueType: string, concept: TCode, extra: NaturalDataset = {}): NaturalDataset => ({
  RelationshipType: relationship,
  ValueType: valueType,
  ConceptNameCodeSequence: [srCode(concept)],
  ...extra,
});
const codeItem = (concept: TCode, value: TCode) => srItem("CONTAINS", "CODE", concept, { ConceptCodeSequence: [srCode(value)] });

/**
 * The content items of one level's measurement group beyond tracking, site and the three-class
 * Finding: the 2014 detail (herniation type, axial zone, position, migration, canal compromise,
 * bulge symmetry), the RSNA 2024 stenosis grades, Modic, Pfirrmann, the standard sentence and the
 * comment as TEXT, the reader's lengths as NUM in mm (UCUM) each INFERRED FROM a SCOORD POLYLINE
 * in the image's pixel coordinates (PS3.3 C.18.6.1.1: column\row, origin at the top-left corner
 * of the top-left pixel) SELECTED FROM its image, and — where the AI gave a value — the reader's
 * assessment of it with TID 4019 Algorithm Identification (name and version of each model).
 */
export function levelDetailItems(l: TReportLevel, data: TReportData): NaturalDataset[] {
  const f = reportFindingOf(l);
  if (!f) return [];
  const out: NaturalDataset[] = [srItem("HAS CONCEPT MOD", "TEXT", FINDING_CODES.vocabulary, { TextValue: FINDING_VOCABULARY })];
  for (const [concept, value] of findingDetailCodes(f)) out.push(codeItem(concept, value));
  for (const m of l.measurements ?? []) {
    const ref = data.instances[m.sopInstanceUid];
    const image = ref
      ? [{ RelationshipType: "SELECTED FROM", ValueType: "IMAGE", ReferencedSOPSequence: [{ ReferencedSOPClassUID: ref.sopClassUid, ReferencedSOPInstanceUID: m.sopInstanceUid, ...(m.frameIndex !== undefined ? { ReferencedFrameNumber: String(m.frameIndex + 1) } : {}) }] }]
      : [];
    out.push(
      srItem("CONTAINS", "NUM", LENGTH_PURPOSE_CODES[m.purpose], {
        MeasuredValueSequence: [{ NumericValue: (Math.round(m.mm * 10) / 10).toString(), MeasurementUnitsCodeSequence: [srCode(FINDING_CODES.millimeter)] }],
        ContentSequence: [
          srItem("HAS CONCEPT MOD", "CODE", { value: "370129005", scheme: "SCT", meaning: "Measurement Method" }, { ConceptCodeSequence: [srCode(FINDING_CODES.length)] }),
          { RelationshipType: "INFERRED FROM", ValueType: "SCOORD", GraphicType: "POLYLINE", GraphicData: m.points.flat(), ContentSequence: image },
        ],
      }),
    );
  }
  const sentence = reportSentenceOf(l);
  if (sentence) out.push(srItem("CONTAINS", "TEXT", FINDING_CODES.findingText, { TextValue: sentence }));
  const assessment = aiAssessmentOf(l);
  if (assessment && l.aiDiagnosis) {
    out.push(
      srItem("CONTAINS", "CODE", FINDING_CODES.aiAssessment, {
        ConceptCodeSequence: [srCode(termCode(`ai-${assessment}`, `AI result ${assessment} by the reader`))],
        ContentSequence: algorithmItems(data),
      }),
    );
  }
  return out;
}

/** TID 4019 Algorithm Identification, one Algorithm Name (with its Algorithm Version) per model. */
export function algorithmItems(data: TReportData): NaturalDataset[] {
  return data.models.map((m) =>
    srItem("HAS CONCEPT MOD", "TEXT", FINDING_CODES.algorithmName, {
      TextValue: `discern ${m.id}`,
      ContentSequence: [srItem("HAS CONCEPT MOD", "TEXT", FINDING_CODES.algorithmVersion, { TextValue: m.version })],
    }),
  );
}
