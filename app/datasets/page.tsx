import { requirePageUser } from "@/lib/auth/require-page-user";
import { listDatasetVersions } from "@/lib/datasets";
import { db } from "@/lib/db/client";
import { DatasetsAdmin, type TVersionRow } from "./datasets-admin";

export default async function DatasetsPage() {
  await requirePageUser("dataset:manage", "/datasets");
  const versions = await listDatasetVersions();
  const signed = await db().study.count({ where: { reviewState: "SIGNED" } });
  const rows: TVersionRow[] = versions.map((v) => ({
    id: v.id,
    name: v.name,
    version: v.version,
    labelSource: v.labelSource,
    splitSeed: v.splitSeed,
    members: v._count.members,
    frozen: v.frozenAt !== null,
    createdBy: v.createdBy.name,
    exports: v.exports.map((e) => ({ id: e.id, format: e.format, status: e.status, progress: e.progress, error: e.error })),
  }));
  return (
    <main className="page">
      <h1>Datasets</h1>
      <p className="muted">Versioned training sets from signed work, split by patient, exported de-identified as discern.dataset/v1 ({signed} signed studies available).</p>
      <DatasetsAdmin initialVersions={rows} />
    </main>
  );
}
