import { z } from "zod";

/**
 * Audit events as a typed union: `type` picks the payload's shape. Written in the same
 * transaction as the change they describe (recordAudit takes the transaction client).
 * Payloads never carry patient identifiers.
 */
const ZEmpty = z.object({}).strict();

/** Where patients' identity can be shown (PATIENT_IDENTITY_VIEWED's surface). */
export const IDENTITY_SURFACES = ["worklist", "study-view", "dicomweb", "assignment-board", "datasets"] as const;
export type TIdentitySurface = (typeof IDENTITY_SURFACES)[number];

export const ZAuditEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("USER_LOGGED_IN"), payload: ZEmpty }),
  z.object({ type: z.literal("USER_CREATED"), payload: z.object({ userId: z.string(), role: z.string() }) }),
  z.object({
    type: z.literal("USER_UPDATED"),
    payload: z.object({ userId: z.string(), role: z.string().optional(), disabled: z.boolean().optional(), name: z.string().optional() }),
  }),
  z.object({ type: z.literal("PASSWORD_RESET"), payload: z.object({ userId: z.string() }) }),
  z.object({
    type: z.literal("STUDY_IMPORTED"),
    payload: z.object({ instancesAdded: z.number().int(), instancesKnown: z.number().int(), source: z.string() }),
  }),
  z.object({ type: z.literal("PIPELINE_QUEUED"), payload: z.object({ pipelineRunId: z.string() }) }),
  z.object({
    type: z.literal("PIPELINE_FINISHED"),
    payload: z.object({ pipelineRunId: z.string(), readingId: z.string(), annotations: z.number().int() }),
  }),
  z.object({ type: z.literal("PIPELINE_FAILED"), payload: z.object({ pipelineRunId: z.string(), error: z.string() }) }),
  z.object({
    type: z.literal("ANNOTATION_REVISED"),
    payload: z.object({
      readingId: z.string(),
      annotationId: z.string(),
      kind: z.string(),
      key: z.string(),
      revisionId: z.string(),
      replacesRevisionId: z.string().nullable(),
      deleted: z.boolean(),
    }),
  }),
  z.object({
    type: z.literal("READING_ASSIGNED"),
    payload: z.object({ readingId: z.string(), readerId: z.string(), role: z.string() }),
  }),
  /** A reader started (claimed) a reading: explicitly, or by the first save of an assigned one. */
  z.object({ type: z.literal("READING_STARTED"), payload: z.object({ readingId: z.string(), role: z.string().optional() }) }),
  z.object({
    type: z.literal("READING_SIGNED"),
    payload: z.object({ readingId: z.string(), role: z.string(), snapshotSha256: z.string().optional(), amendsId: z.string().optional() }),
  }),
  z.object({ type: z.literal("READING_AMENDED"), payload: z.object({ readingId: z.string(), amendsId: z.string(), reason: z.string().optional() }) }),
  z.object({
    type: z.literal("READING_RELEASED"),
    payload: z.object({ readingId: z.string(), readerId: z.string(), role: z.string(), amendsId: z.string().optional(), reason: z.string().optional() }),
  }),
  z.object({
    type: z.literal("READING_REASSIGNED"),
    payload: z.object({ fromReadingId: z.string(), toReadingId: z.string(), fromReaderId: z.string(), toReaderId: z.string(), role: z.string() }),
  }),
  /** An annotator submitted an annotation reading as done; a supervisor reopened one. */
  z.object({ type: z.literal("READING_SUBMITTED"), payload: z.object({ readingId: z.string() }) }),
  z.object({ type: z.literal("READING_REOPENED"), payload: z.object({ readingId: z.string(), reason: z.string().optional() }) }),
  z.object({
    type: z.literal("STUDY_STATE_CHANGED"),
    payload: z.object({ from: z.string(), to: z.string(), reason: z.string().optional() }),
  }),
  z.object({
    type: z.literal("READING_DESIGN_SET"),
    payload: z.object({ design: z.enum(["SINGLE", "DOUBLE_BLINDED"]), readingIds: z.array(z.string()), supersededReadingIds: z.array(z.string()) }),
  }),
  z.object({
    type: z.literal("DOUBLE_READ_COMPARED"),
    payload: z.object({ readingIds: z.array(z.string()), agreed: z.boolean(), disagreements: z.array(z.string()) }),
  }),
  z.object({
    type: z.literal("DATASET_CREATED"),
    payload: z.object({ datasetVersionId: z.string(), name: z.string(), version: z.number().int(), labelSource: z.string(), studies: z.number().int() }),
  }),
  z.object({ type: z.literal("DATASET_FROZEN"), payload: z.object({ datasetVersionId: z.string(), studies: z.number().int() }) }),
  z.object({ type: z.literal("EXPORT_STARTED"), payload: z.object({ exportId: z.string(), datasetVersionId: z.string(), format: z.string() }) }),
  z.object({
    type: z.literal("EXPORT_FINISHED"),
    payload: z.object({ exportId: z.string(), format: z.string(), files: z.number().int() }),
  }),
  /** A finished export's zip left the server (de-identified data egress): who, which, its sha256. */
  z.object({ type: z.literal("EXPORT_DOWNLOADED"), payload: z.object({ exportId: z.string(), sha256: z.string(), bytes: z.number().int() }) }),
  /** A report rendered once at signing and stored content-addressed (never on download). */
  z.object({
    type: z.literal("REPORT_GENERATED"),
    payload: z.object({ reportId: z.string(), readingId: z.string(), format: z.string(), sha256: z.string().optional() }),
  }),
  /** Role changes are also USER_UPDATED; this one names both roles for the audit page. */
  z.object({ type: z.literal("USER_ROLE_CHANGED"), payload: z.object({ userId: z.string(), from: z.string(), to: z.string() }) }),
  /** A refused login (lib/auth): the address as typed, lower-cased, never the password. */
  z.object({ type: z.literal("LOGIN_FAILED"), payload: z.object({ email: z.string().max(320), reason: z.string().max(64) }) }),
  /**
   * Someone was shown patients' identifying data (name, ID) rather than study pseudonyms
   * (lib/auth/identity-visibility.ts): one event per study view (with its studyId) and one per
   * listing (worklist, assignment board, dataset study lists: the number of studies listed identified).
   * Never the data itself.
   */
  z.object({ type: z.literal("PATIENT_IDENTITY_VIEWED"), payload: z.object({ surface: z.enum(IDENTITY_SURFACES), studies: z.number().int().min(1) }) }),
  // Model registry (lib/models): `via` says which door the change came through.
  z.object({
    type: z.literal("MODEL_REGISTERED"),
    payload: z.object({ modelVersionId: z.string(), modelId: z.string(), version: z.string(), task: z.string(), sha256: z.string(), datasetVersionId: z.string().nullable(), via: z.enum(["cli", "web", "boot"]) }),
  }),
  z.object({
    type: z.literal("MODEL_PROMOTED"),
    payload: z.object({ task: z.string(), modelVersionId: z.string(), previousId: z.string().nullable(), via: z.enum(["cli", "web", "boot"]) }),
  }),
  z.object({
    type: z.literal("MODEL_ROLLED_BACK"),
    payload: z.object({ task: z.string(), modelVersionId: z.string(), fromId: z.string(), via: z.enum(["cli", "web", "boot"]) }),
  }),
  /** A version put in shadow for its task (modelVersionId), or shadow mode ended (null). */
  z.object({
    type: z.literal("MODEL_SHADOW_SET"),
    payload: z.object({ task: z.string(), modelVersionId: z.string().nullable(), previousId: z.string().nullable(), via: z.enum(["cli", "web", "boot"]) }),
  }),
  // PACS over DICOMweb (lib/pacs). Never a secret, never query values (they may be patient IDs).
  z.object({ type: z.literal("PACS_NODE_SAVED"), payload: z.object({ nodeId: z.string(), name: z.string(), authKind: z.string(), created: z.boolean(), via: z.enum(["cli", "web"]) }) }),
  z.object({ type: z.literal("PACS_NODE_REMOVED"), payload: z.object({ nodeId: z.string(), name: z.string(), via: z.enum(["cli", "web"]) }) }),
  z.object({ type: z.literal("PACS_QUERIED"), payload: z.object({ nodeId: z.string(), level: z.enum(["studies", "series"]), results: z.number().int(), via: z.enum(["cli", "web"]) }) }),
  z.object({
    type: z.literal("PACS_RETRIEVED"),
    payload: z.object({ nodeId: z.string(), retrieved: z.number().int(), alreadyStored: z.number().int(), failed: z.number().int(), via: z.enum(["cli", "web"]) }),
  }),
  z.object({
    type: z.literal("PACS_PUSHED"),
    payload: z.object({ pushId: z.string(), nodeId: z.string(), readingId: z.string(), sopInstanceUids: z.array(z.string()), attempts: z.number().int() }),
  }),
  z.object({ type: z.literal("PACS_PUSH_FAILED"), payload: z.object({ pushId: z.string(), nodeId: z.string(), readingId: z.string(), error: z.string().max(500), attempts: z.number().int(), final: z.boolean() }) }),
]);

export type TAuditEvent = z.infer<typeof ZAuditEvent>;
export type TAuditEventType = TAuditEvent["type"];
