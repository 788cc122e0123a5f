-- Issues 12 and 18: a signed report is a fixed record, authority on every state change.
-- Annotators submit their readings as done.
ALTER TYPE "ReadingStatus" ADD VALUE IF NOT EXISTS 'DONE';

ALTER TABLE "Reading" ADD COLUMN "startedAt" TIMESTAMP(3),
ADD COLUMN "amendReason" TEXT,
ADD COLUMN "aiReadingId" TEXT,
ADD COLUMN "doneAt" TIMESTAMP(3);

-- Frozen content of each signed reading.
CREATE TABLE "SignedSnapshot" (
    "readingId" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SignedSnapshot_pkey" PRIMARY KEY ("readingId")
);
ALTER TABLE "SignedSnapshot" ADD CONSTRAINT "SignedSnapshot_readingId_fkey" FOREIGN KEY ("readingId") REFERENCES "Reading"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Before this migration, opening a study gave every reader a primary reading of their own. Keep
-- the earliest open one per study (the first claim) and supersede the later ones, so that the
-- index below can hold, their revisions stay in the history.
UPDATE "Reading" AS r SET "status" = 'SUPERSEDED', "version" = r."version" + 1
WHERE r."role" = 'PRIMARY' AND r."status" IN ('ASSIGNED', 'IN_PROGRESS')
  AND EXISTS (
    SELECT 1 FROM "Reading" AS o
    WHERE o."studyId" = r."studyId" AND o."role" = 'PRIMARY' AND o."status" IN ('ASSIGNED', 'IN_PROGRESS')
      AND (o."createdAt", o."id") < (r."createdAt", r."id")
  );

-- One open PRIMARY reading per study (claiming is decided by the database, not by a race).
CREATE UNIQUE INDEX "Reading_one_open_primary" ON "Reading"("studyId") WHERE "role" = 'PRIMARY' AND "status" IN ('ASSIGNED', 'IN_PROGRESS');
