import { requirePageUser } from "@/lib/auth/require-page-user";
import { worklist } from "@/lib/review";
import { WorklistTable } from "./worklist-table";

export default async function WorklistPage() {
  const user = await requirePageUser("study:read", "/worklist");
  const rows = await worklist(user);
  return (
    <main className="page">
      <h1>Worklist</h1>
      {rows.length === 0 ? <p className="muted">No studies yet. Import DICOM files to begin.</p> : <WorklistTable initialRows={rows} />}
    </main>
  );
}
