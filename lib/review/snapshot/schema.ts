import { z } from "zod";
import { ZAnnotationValue } from "../../annotations/schemas";
import { ZProbabilities } from "../../analysis/schema";
import { ZDiagnosis, ZDiscLevel } from "../../phantom/truth";

/** A model version as frozen into a snapshot: the row id and its public name. */
export const ZSnapshotModel = z.object({ id: z.string(), modelId: z.string(), version: z.string() });

/**
 * One effective value of a signed reading: what the reader saw and signed, whether it is the
 * AI's untouched value or a human revision, with the model version it came from (for a human
 * correction: the version of the AI value it corrected, when there was one).
 */
export const ZSnapshotValue = z.intersection(
  ZAnnotationValue,
  z.object({
    key: z.string(),
    revisionId: z.string(),
    source: z.enum(["AI", "HUMAN"]),
    authorId: z.string().nullable(),
    replacesRevisionId: z.string().nullable(),
    model: ZSnapshotModel.nullable(),
    correctedModel: ZSnapshotModel.nullable(),
  }),
);

/**
 * A signed reading frozen at signing (issue 12.3), schema discern.signed-reading/v1, stored in
 * SignedSnapshot.content and checked with this schema on write and on read. Reports are rendered
 * from it; its sha256 is over canonicalJson(content).
 */
export const ZSignedSnapshot = z.object({
  schema: z.literal("discern.signed-reading/v1"),
  readingId: z.string(),
  studyId: z.string(),
  role: z.enum(["PRIMARY", "SECOND", "ADJUDICATION"]),
  reader: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  signedAt: z.iso.datetime(),
  amends: z.object({ readingId: z.string(), reason: z.string(), signedAt: z.iso.datetime().nullable(), readerName: z.string().nullable() }).nullable(),
  /** The AI reading whose values show through where the reader changed nothing. */
  aiReadingId: z.string().nullable(),
  /** The models of that AI reading's pipeline run (id, version), as the analysis named them. */
  pipelineModels: z.array(z.object({ id: z.string(), version: z.string() })),
  values: z.array(ZSnapshotValue),
  /** The AI's own diagnosis per level at signing (the report's "AI" column). */
  aiLevels: z.array(z.object({ level: ZDiscLevel, diagnosis: ZDiagnosis, probabilities: ZProbabilities.nullable(), model: ZSnapshotModel.nullable() })),
});

export type TSignedSnapshot = z.infer<typeof ZSignedSnapshot>;
export type TSnapshotValue = z.infer<typeof ZSnapshotValue>;
export type TSnapshotModel = z.infer<typeof ZSnapshotModel>;
