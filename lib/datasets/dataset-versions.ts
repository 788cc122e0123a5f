import type { LabelSource } from "@prisma/client";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { patientSplit, type TSplitFractions } from "./patient-split";

export const ZSplitFractions = z.object({ train: z.number().min(0), val: z.number().min(0), test: z.number().min(0) }).refine((f) => f.train + f.val + f.test > 0, "fractions must not all be zero");

export const ZCreateDatasetVersion = z.object({
  name: z.string().trim().min(1).max(80).regex(/^[A-Za-z0-9._-]+$/, "letters, digits, dot, dash and underscore only"),
  labelSource: z.enum(["FINAL", "AI", "READER"]),
  readerId: z.string().min(1).max(64).optional(),
  studyIds: z.array(z.string().min(1).max(64)).min(1).max(100_000),
  splitSeed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  splitFractions: ZSplitFractions.default({ train: 0.7, val: 0.15, test: 0.15 }),
});
export type TCreateDatasetVersion = z.infer<typeof ZCreateDatasetVersion>;

/**
 * A new (unfrozen) version of a named dataset: the next version number, its member studies and
 * each one's split (patient-level, seeded). With FINAL or READER labels every member must have
 * signed work to label from, else CONFLICT naming how many do not: unsigned work is never exported.
 */
export async function createDatasetVersion(input: TCreateDatasetVersion, actorId: string) {
  const options = ZCreateDatasetVersion.parse(input);
  if (options.labelSource === "READER" && !options.readerId) throw new AppError("INVALID_INPUT", { userMessage: "Label source READER needs the reader whose readings label the data." });
  const studies = await db().study.findMany({ where: { id: { in: options.studyIds } }, include: { patient: true, readings: { where: { status: { in: ["SIGNED", "DONE"] } } } } });
  if (studies.length !== new Set(options.studyIds).size) throw new AppError("NOT_FOUND", { userMessage: "Some of the chosen studies do not exist." });
  if (options.labelSource !== "AI") {
    const unsigned = studies.filter((s) =>
      options.labelSource === "READER" ? !s.readings.some((r) => r.readerId === options.readerId) : s.reviewState !== "SIGNED",
    );
    if (unsigned.length > 0) {
      throw new AppError("CONFLICT", { userMessage: `${unsigned.length} of the chosen studies have no signed reading (or annotation submitted as done) to label from; only finished work is exported.` });
    }
  }
  return db().$transaction(async (tx) => {
    const last = await tx.datasetVersion.findFirst({ where: { name: options.name }, orderBy: { version: "desc" } });
    const created = await tx.datasetVersion.create({
      data: {
        name: options.name,
        version: (last?.version ?? 0) + 1,
        labelSource: options.labelSource as LabelSource,
        readerId: options.readerId ?? null,
        splitSeed: options.splitSeed,
        splitFractions: options.splitFractions satisfies TSplitFractions,
        createdById: actorId,
        members: {
          create: studies.map((s) => ({ studyId: s.id, split: patientSplit(options.splitSeed, `${s.patient.patientId}\u0000${s.patient.issuer}`, options.splitFractions) })),
        },
      },
      include: { _count: { select: { members: true } } },
    });
    await recordAudit(tx, {
      type: "DATASET_CREATED",
      actorId,
      payload: { datasetVersionId: created.id, name: created.name, version: created.version, labelSource: created.labelSource, studies: created._count.members },
    });
    return created;
  });
}

/** Freezes a version (members and labels fixed from now on; exports need a frozen version). */
export async function freezeDatasetVersion(datasetVersionId: string, actorId: string) {
  return db().$transaction(async (tx) => {
    const version = await tx.datasetVersion.findUnique({ where: { id: datasetVersionId }, include: { _count: { select: { members: true } } } });
    if (!version) throw new AppError("NOT_FOUND", { userMessage: "This dataset version does not exist." });
    if (version.frozenAt) throw new AppError("CONFLICT", { userMessage: "This dataset version is frozen already." });
    const frozen = await tx.datasetVersion.update({ where: { id: version.id }, data: { frozenAt: new Date() } });
    await recordAudit(tx, { type: "DATASET_FROZEN", actorId, payload: { datasetVersionId: version.id, studies: version._count.members } });
    return frozen;
  });
}

/** Versions for the datasets page: newest first, with member counts and their exports. */
export async function listDatasetVersions() {
  return db().datasetVersion.findMany({
    orderBy: [{ name: "asc" }, { version: "desc" }],
    include: { _count: { select: { members: true } }, exports: { orderBy: { createdAt: "desc" }, take: 5 }, createdBy: { select: { name: true } } },
  });
}
