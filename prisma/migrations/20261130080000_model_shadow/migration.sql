-- Shadow mode (issue 14): a candidate version runs on new studies beside the live one, never shown to readers.
-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "shadow" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ShadowRun" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "modelVersionId" TEXT NOT NULL,
    "pipelineRunId" TEXT,
    "analysis" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShadowRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ShadowRun_studyId_idx" ON "ShadowRun"("studyId");

-- CreateIndex
CREATE UNIQUE INDEX "ShadowRun_modelVersionId_studyId_key" ON "ShadowRun"("modelVersionId", "studyId");

-- AddForeignKey
ALTER TABLE "ShadowRun" ADD CONSTRAINT "ShadowRun_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShadowRun" ADD CONSTRAINT "ShadowRun_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- At most one shadow version per task, and never the active one (Prisma cannot declare these).
CREATE UNIQUE INDEX "ModelVersion_one_shadow_per_task" ON "ModelVersion"("task") WHERE "shadow";
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_shadow_not_active" CHECK (NOT ("shadow" AND "active"));
