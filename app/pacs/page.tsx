import { requirePageUser } from "@/lib/auth/require-page-user";
import { listPacsNodes } from "@/lib/pacs/pacs-nodes";
import { FindInPacs } from "./find-in-pacs";

export default async function FindInPacsPage() {
  await requirePageUser("study:import", "/pacs");
  const nodes = (await listPacsNodes()).map((n) => n.name);
  return (
    <main className="page">
      <h1>Find in PACS</h1>
      {nodes.length === 0 ? <p className="muted">No PACS node is configured; an admin adds one under PACS nodes.</p> : <FindInPacs nodes={nodes} />}
    </main>
  );
}
