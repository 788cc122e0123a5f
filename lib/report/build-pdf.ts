import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import type { TKeyImage } from "./render-key-images";
import { countingStatement } from "./counting-statement";
import { personNameOf, dicomDateOf } from "../format/dicom-human";
import { aiAssessmentOf, reportImpressionOf, reportSentenceOf, type TReportData } from "./report-data";

export const REPORT_DISCLAIMER =
  "Findings were pre-annotated by software (discern) and reviewed, corrected where needed and signed by the radiologist named above. " +
  "The AI columns show the software's unreviewed output for transparency only. Models trained on synthetic phantoms are demonstration models, not medical devices.";

/**
 * DICOM text is untrusted: control characters go, and what the standard fonts cannot encode
 * (WinAnsi) becomes "?", so a hostile name can neither break the PDF nor smuggle layout.
 */
export function pdfText(value: string | null | undefined): string {
  if (!value) return "-";
  return value
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
    .replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, "?")
    .replace(/\^+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 120) || "-";
}

/** pdfText's cleaning per line, without its length cap, keeping line breaks (sentences, impression). */
function pdfSafeLines(value: string): string {
  return value
    .split("\n")
    .map((l) => l.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, "?").replace(/\s+/g, " ").trim())
    .join("\n");
}

function dicomDate(value: string | null): string {
  return pdfText(dicomDateOf(value));
}

/** Greedy word wrap of `text` to lines no wider than `width` points in `font` at `size`. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(next, size) > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;

/**
 * The one standard layout of a signed study's report (A4): header with patient and study,
 * per-level findings as standard sentences (lib/findings sentenceOf, with the reader's lengths),
 * the impression, the AI involvement table (level, reader's and AI's three-class value, AI
 * probability, accepted / changed / added), the counting basis, key images with their overlays,
 * the signature block (reader, time, model versions) and the disclaimer. Names and dates in human
 * form (lib/format/dicom-human). pdf-lib with the standard Helvetica fonts; images are embedded PNGs.
 */
export async function buildPdf(data: TReportData, images: TKeyImage[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Lumbar spine MRI report ${pdfText(data.accessionNumber ?? data.studyInstanceUid)}`);
  doc.setProducer("discern");
  doc.setCreationDate(data.reading.signedAt);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const write = (p: PDFPage, text: string, x: number, size = 10, f: PDFFont = font) => p.drawText(pdfText(text), { x, y, size, font: f, color: rgb(0.1, 0.1, 0.1) });

  write(page, "Lumbar spine MRI: disc bulge and herniation report", MARGIN, 16, bold);
  y -= 26;
  const header: [string, string][] = [
    ["Patient", pdfText(personNameOf(data.patient.name))],
    ["Patient ID", pdfText(data.patient.id)],
    ["Birth date / sex", `${dicomDate(data.patient.birthDate)} / ${pdfText(data.patient.sex)}`],
    ["Study date", dicomDate(data.studyDate)],
    ["Accession", pdfText(data.accessionNumber)],
    ["Study", pdfText(data.studyDescription)],
  ];
  for (const [label, value] of header) {
    write(page, label, MARGIN, 10, bold);
    write(page, value, MARGIN + 110, 10);
    y -= 14;
  }
  y -= 10;
  const paragraph = (text: string, size: number, f: PDFFont, indent = 0) => {
    for (const line of wrapText(pdfSafeLines(text), f, size, A4[0] - 2 * MARGIN - indent)) {
      if (y < MARGIN + 20) {
        page = doc.addPage(A4);
        y = A4[1] - MARGIN;
      }
      write(page, line, MARGIN + indent, size, f);
      y -= size + 3;
    }
  };
  write(page, "Findings (NASS-ASSR-ASNR 2014 nomenclature; stenosis graded normal-mild / moderate / severe)", MARGIN, 11, bold);
  y -= 15;
  for (const l of data.levels) paragraph(reportSentenceOf(l) ?? `${l.level}: not assessed.`, 10, font);
  y -= 6;
  write(page, "Impression", MARGIN, 11, bold);
  y -= 15;
  paragraph(reportImpressionOf(data), 10, bold);
  y -= 10;
  write(page, "AI involvement (the paper's three classes; the reader's assessment of the AI result per level)", MARGIN, 11, bold);
  y -= 15;
  const cols = [MARGIN, MARGIN + 70, MARGIN + 175, MARGIN + 280, MARGIN + 370];
  ["Level", "Reader class", "AI class", "AI probability", "Reader vs AI"].forEach((h, i) => write(page, h, cols[i]!, 10, bold));
  y -= 4;
  page.drawLine({ start: { x: MARGIN, y }, end: { x: A4[0] - MARGIN, y }, thickness: 0.7, color: rgb(0.4, 0.4, 0.4) });
  y -= 14;
  for (const l of data.levels) {
    const cells = [l.level, l.diagnosis ?? "not assessed", l.aiDiagnosis ?? "-", l.aiProbability === null ? "-" : `${Math.round(l.aiProbability * 100)} %`, aiAssessmentOf(l) ?? "-"];
    cells.forEach((c, i) => write(page, c, cols[i]!, 10, i === 1 && l.diagnosis && l.diagnosis !== "normal" ? bold : font));
    y -= 14;
  }
  // How the levels were named (issue 11), with any counting flag, under the table.
  for (const line of countingStatement(data.counting)) {
    y -= 2;
    write(page, line, MARGIN, 9, line.startsWith("Levels") ? font : bold);
    y -= 11;
  }
  y -= 12;

  for (const image of images) {
    const embedded = await doc.embedPng(image.png);
    const maxW = (A4[0] - 2 * MARGIN) / 2;
    const scale = Math.min(maxW / image.width, 240 / image.height);
    const w = image.width * scale;
    const h = image.height * scale;
    if (y - h - 20 < MARGIN + 90) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
    }
    page.drawImage(embedded, { x: MARGIN, y: y - h, width: w, height: h });
    const captionY = y - 12;
    page.drawText(pdfText(image.caption), { x: MARGIN + w + 12, y: captionY, size: 9, font, color: rgb(0.2, 0.2, 0.2), maxWidth: A4[0] - 2 * MARGIN - w - 12, lineHeight: 11 });
    y -= h + 14;
  }

  if (y < MARGIN + 110) {
    page = doc.addPage(A4);
    y = A4[1] - MARGIN;
  }
  y -= 6;
  write(page, `Signed by ${pdfText(data.reading.reader.name)} on ${data.reading.signedAt.toISOString().replace("T", " ").slice(0, 16)} UTC (${data.reading.role.toLowerCase()} reading)`, MARGIN, 10, bold);
  y -= 14;
  if (data.amendment) {
    const previous = data.amendment.previousSignedAt ? ` signed ${data.amendment.previousSignedAt.toISOString().replace("T", " ").slice(0, 16)} UTC` : "";
    write(page, `Amended report: replaces the reading${previous}${data.amendment.previousReaderName ? ` by ${pdfText(data.amendment.previousReaderName)}` : ""}.`, MARGIN, 9, bold);
    y -= 12;
    write(page, `Reason: ${pdfText(data.amendment.reason).slice(0, 110)}`, MARGIN, 9);
    y -= 14;
  }
  write(page, `Models: ${data.models.length ? data.models.map((m) => `${m.id} ${m.version}`).join(", ") : "none recorded"}`, MARGIN, 9);
  y -= 14;
  write(page, `Study Instance UID: ${data.studyInstanceUid}`, MARGIN, 8);
  y -= 16;
  page.drawText(REPORT_DISCLAIMER, { x: MARGIN, y, size: 8, font, color: rgb(0.35, 0.35, 0.35), maxWidth: A4[0] - 2 * MARGIN, lineHeight: 10 });
  return doc.save();
}
