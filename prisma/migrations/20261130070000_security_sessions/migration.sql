-- Issue 18: revocable sessions, atomic login throttling, heartbeats of long-running work.
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "strikes" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

ALTER TABLE "PipelineRun" ADD COLUMN "heartbeatAt" TIMESTAMP(3);
ALTER TABLE "DatasetExport" ADD COLUMN "heartbeatAt" TIMESTAMP(3);
