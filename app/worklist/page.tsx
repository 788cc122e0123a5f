import { requirePageUser } from "@/lib/auth/require-page-user";
import { listStudies } from "@/lib/studies/list-studies";

export default async function WorklistPage() {
  await requirePageUser("study:read", "/worklist");
  const studies = await listStudies();
  return (
    <main className="page">
      <h1>Worklist</h1>
      {studies.length === 0 ? (
        <p className="muted">No studies yet. Import DICOM files to begin.</p>
      ) : (
        <table className="card" data-testid="worklist">
          <thead>
            <tr>
              <th>Patient</th>
              <th>Date</th>
              <th>Description</th>
              <th>Images</th>
              <th>AI</th>
              <th>Review</th>
            </tr>
          </thead>
          <tbody>
            {studies.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.patientName ?? "—"} <span className="muted">{s.patientId}</span>
                </td>
                <td>{s.studyDate ?? "—"}</td>
                <td>{s.description ?? "—"}</td>
                <td>{s.instanceCount}</td>
                <td>{s.pipelineStatus.toLowerCase()}</td>
                <td>{s.reviewState.toLowerCase().replace("_", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
