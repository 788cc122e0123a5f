import { requirePageUser } from "@/lib/auth/require-page-user";
import { listPacsNodes } from "@/lib/pacs/pacs-nodes";
import { PacsAdmin } from "./pacs-admin";

export default async function PacsAdminPage() {
  await requirePageUser("pacs:manage", "/admin/pacs");
  const nodes = await listPacsNodes();
  return (
    <main className="page">
      <h1>PACS nodes</h1>
      <p className="muted">DICOMweb endpoints discern searches, retrieves from and sends signed results to. Passwords and tokens are stored encrypted and never shown again.</p>
      <PacsAdmin initialNodes={nodes} />
    </main>
  );
}
