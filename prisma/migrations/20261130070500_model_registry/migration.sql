-- Model registry (issue 14): registered versions with card, dataset and figures, one active
-- version per task, the activation log, the versions each pipeline run used.
-- CreateEnum
CREATE TYPE "ModelActivationKind" AS ENUM ('BOOT', 'PROMOTE', 'ROLLBACK');

-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "card" TEXT,
ADD COLUMN     "datasetVersionId" TEXT,
ADD COLUMN     "metrics" JSONB,
ADD COLUMN     "registeredById" TEXT,
ALTER COLUMN "active" SET DEFAULT false;

-- CreateTable
CREATE TABLE "ModelActivation" (
    "id" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "modelVersionId" TEXT NOT NULL,
    "kind" "ModelActivationKind" NOT NULL,
    "actorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelActivation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_ModelVersionToPipelineRun" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_ModelVersionToPipelineRun_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE INDEX "ModelActivation_task_createdAt_idx" ON "ModelActivation"("task", "createdAt");

-- CreateIndex
CREATE INDEX "_ModelVersionToPipelineRun_B_index" ON "_ModelVersionToPipelineRun"("B");

-- CreateIndex
CREATE INDEX "ModelVersion_task_active_idx" ON "ModelVersion"("task", "active");

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_datasetVersionId_fkey" FOREIGN KEY ("datasetVersionId") REFERENCES "DatasetVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_registeredById_fkey" FOREIGN KEY ("registeredById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelActivation" ADD CONSTRAINT "ModelActivation_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelActivation" ADD CONSTRAINT "ModelActivation_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ModelVersionToPipelineRun" ADD CONSTRAINT "_ModelVersionToPipelineRun_A_fkey" FOREIGN KEY ("A") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_ModelVersionToPipelineRun" ADD CONSTRAINT "_ModelVersionToPipelineRun_B_fkey" FOREIGN KEY ("B") REFERENCES "PipelineRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Versions registered before the registry were all active by default, none is chosen yet. The
-- next boot (or discern models register) activates one per task from models/.
UPDATE "ModelVersion" SET "active" = false;

-- At most one active version per task (Prisma cannot declare a partial index).
CREATE UNIQUE INDEX "ModelVersion_one_active_per_task" ON "ModelVersion"("task") WHERE "active";

-- Runs made before the registry: the versions their AI revisions name.
INSERT INTO "_ModelVersionToPipelineRun" ("A", "B")
SELECT DISTINCT rev."modelVersionId", rd."pipelineRunId"
FROM "AnnotationRevision" rev
JOIN "Annotation" a ON a."id" = rev."annotationId"
JOIN "Reading" rd ON rd."id" = a."readingId"
WHERE rev."modelVersionId" IS NOT NULL AND rd."pipelineRunId" IS NOT NULL
ON CONFLICT DO NOTHING;
