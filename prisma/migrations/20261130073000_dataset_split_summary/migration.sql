-- Dataset split summary (issue 14): studies and labels per split, level and class of a frozen version.
ALTER TABLE "DatasetVersion" ADD COLUMN "splitSummary" JSONB;
