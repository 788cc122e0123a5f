-- DICOMweb peers and pushes of signed results (issue 15).
CREATE TABLE "PacsNode" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "authKind" TEXT NOT NULL DEFAULT 'NONE',
    "username" TEXT,
    "secretCipher" TEXT,
    "timeoutMs" INTEGER NOT NULL DEFAULT 30000,
    "pushOnSign" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "PacsNode_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "PacsNode_name_key" ON "PacsNode"("name");

CREATE TABLE "PacsPush" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "readingId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sopInstanceUids" JSONB,
    "via" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "PacsPush_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "PacsPush_readingId_nodeId_key" ON "PacsPush"("readingId", "nodeId");
CREATE INDEX "PacsPush_studyId_idx" ON "PacsPush"("studyId");
ALTER TABLE "PacsPush" ADD CONSTRAINT "PacsPush_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PacsPush" ADD CONSTRAINT "PacsPush_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "PacsNode"("id") ON DELETE CASCADE ON UPDATE CASCADE;
