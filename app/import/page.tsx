import { requirePageUser } from "@/lib/auth/require-page-user";
import { ImportUploader } from "./import-uploader";

export default async function ImportPage() {
  await requirePageUser("study:import", "/import");
  return (
    <main className="page">
      <h1>Import DICOM</h1>
      <p className="muted">
        Drop a folder (read recursively) or a zip. Every file is reported: imported, duplicate (already imported) or rejected with the reason. Files that are not DICOM images are rejected without stopping the others.
      </p>
      <ImportUploader />
    </main>
  );
}
