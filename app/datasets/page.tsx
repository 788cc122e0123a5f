import { requirePageUser } from "@/lib/auth/require-page-user";
import { datasetSplitSummary, labelReaders, listDatasetVersions, ZExportArchive } from "@/lib/datasets";
import { db } from "@/lib/db/client";
import { DatasetsAdmin, type TVersionRow } from "./datasets-admin";

const LABEL_SOURCE_NAMES = { FINAL: "final signed readings", AI: "AI readings (unreviewed)", READER: "one reader's work" } as const;

export default async function DatasetsPage() {
  await requirePageUser("dataset:manage", "/datasets");
  const versions = await listDatasetVersions();
  const signed = await db().study.count({ where: { reviewState: "SIGNED" } });
  const readers = await labelReaders();
  const readerName = new Map(readers.map((r) => [r.id, r.name]));
  const rows: TVersionRow[] = [];
  for (const v of versions) {
    const fractions = v.splitFractions as { train: number; val: number; test: number };
    rows.push({
      id: v.id,
      name: v.name,
      version: v.version,
      labelSource: v.labelSource === "READER" ? `${LABEL_SOURCE_NAMES.READER}: ${readerName.get(v.readerId ?? "") ?? "unknown reader"}` : LABEL_SOURCE_NAMES[v.labelSource],
      splitSeed: v.splitSeed,
      splitFractions: `${Math.round(fractions.train * 100)}/${Math.round(fractions.val * 100)}/${Math.round(fractions.test * 100)}`,
      members: v._count.members,
      frozen: v.frozenAt !== null,
      createdBy: v.createdBy.name,
      summary: await datasetSplitSummary(v.id),
      exports: v.exports.map((e) => {
        const archive = ZExportArchive.safeParse((e.summary as { archive?: unknown } | null)?.archive);
        return { id: e.id, format: e.format, status: e.status, progress: e.progress, error: e.error, archive: archive.success ? archive.data : null };
      }),
    });
  }
  return (
    <main className="page">
      <h1>Datasets</h1>
      <p className="muted">
        Versioned training sets, split by patient (seeded), exported de-identified as discern.dataset/v1 and downloaded as a zip with its sha256 ({signed} signed studies available).
      </p>
      <DatasetsAdmin initialVersions={rows} readers={readers} />
    </main>
  );
}
