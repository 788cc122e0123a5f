/** Download links of a signed study's report (PDF, DICOM SR, FHIR R4), for readers with report:read. */
export function ReportLinks({ studyId }: { studyId: string }) {
  const base = `/api/studies/${encodeURIComponent(studyId)}`;
  return (
    <nav className="report-links" aria-label="Signed report">
      <span className="muted">Signed report:</span> <a href={`${base}/report`}>PDF</a> · <a href={`${base}/report.sr.dcm`}>DICOM SR</a> ·{" "}
      <a href={`${base}/report.fhir.json`}>FHIR R4</a>
    </nav>
  );
}
