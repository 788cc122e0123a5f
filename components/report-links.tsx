import type { TReportListItem } from "@/lib/report/stored-reports";

/**
 * Download links of a signed study's stored report (PDF, DICOM SR, FHIR R4: the bytes rendered at
 * signing), and the earlier reports an amendment replaced, each still retrievable by id.
 */
export function ReportLinks({ studyId, reports }: { studyId: string; reports: TReportListItem[] }) {
  const base = `/api/studies/${encodeURIComponent(studyId)}`;
  const earlier = reports.filter((r) => !r.current && r.format === "pdf");
  return (
    <nav className="report-links" aria-label="Signed report">
      <span className="muted">Signed report:</span> <a href={`${base}/report`}>PDF</a> · <a href={`${base}/report.sr.dcm`}>DICOM SR</a> ·{" "}
      <a href={`${base}/report.fhir.json`}>FHIR R4</a>
      {earlier.length > 0 ? (
        <span data-testid="earlier-reports">
          {" "}
          · <span className="muted">replaced by an amendment:</span>{" "}
          {earlier.map((r) => (
            <a key={r.reportId} href={`${base}/reports/${encodeURIComponent(r.reportId)}`} title={`sha256 ${r.sha256}`}>
              PDF signed {r.signedAt?.replace("T", " ").slice(0, 16) ?? ""}{r.readerName ? ` by ${r.readerName}` : ""}
            </a>
          ))}
        </span>
      ) : null}
    </nav>
  );
}
