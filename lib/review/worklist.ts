import { DISC_LEVELS, type TDiagnosis, type TDiscLevel } from "../phantom/truth";
import { db } from "../db/client";
import { readAnnotationData } from "../annotations/schemas";
import type { TRole } from "../auth/roles";
import { finalSourceOf } from "../supervision/final-labels";
import { hiddenReadingIds } from "../supervision/reading-visibility";
import { isOpen } from "./policy/types";
import { ZSignedSnapshot } from "./snapshot/schema";
import { recordIdentityView } from "../audit/identity-views";
import { mayIdentifyPatient } from "../auth/identity-visibility";
import { studyHeaderOf, type TStudyHeader } from "./study-header";

export interface TLevelFinding {
  level: TDiscLevel;
  diagnosis: TDiagnosis;
  /** Probability of the AI's diagnosis, 0..1 (null when the model gave none or a reader changed it). */
  confidence: number | null;
}

export interface TWorklistRow extends TStudyHeader {
  /** 0..1 and its label while the pipeline runs. */
  progress: number | null;
  progressLabel: string | null;
  /** Who holds an open reading of it, as far as blinding lets this viewer see. */
  assignee: string | null;
  /** The viewer's own open reading: ASSIGNED (unread) or IN_PROGRESS (claimed), else null (lib/review/worklist-order). */
  mine: "ASSIGNED" | "IN_PROGRESS" | null;
  /** SIGNED: the final signed reading's frozen values (issue 12.3); AI: the current AI reading's. */
  findingsSource: "AI" | "SIGNED";
  findings: TLevelFinding[];
  /** Sum over levels: bulge 1, herniation 2. */
  severity: number;
  /** The largest 1 − confidence over levels: how unsure the AI is somewhere. */
  uncertainty: number;
  updatedAt: string;
}

const SEVERITY: Record<TDiagnosis, number> = { normal: 0, bulge: 1, herniation: 2 };

/**
 * The worklist for one viewer: every study with its pipeline progress, review state, who holds
 * it (blinded readings left out for whoever blinding hides them from: issue 12.4) and per level
 * the final signed reading's frozen finding once the study has one, else the current AI
 * reading's. Filtering and sorting happen in the browser (keyboard-first, no round trip); DICOM
 * text stays data. Annotators and blinded readers get the study's pseudonym instead of the
 * patient's name and ID; listing identified patients is audited (lib/audit/identity-views.ts).
 */
export async function worklist(viewer: { id: string; role: TRole }, take = 500): Promise<TWorklistRow[]> {
  const rows = await worklistRows(viewer, take);
  await recordIdentityView(viewer, "worklist", rows);
  return rows;
}

async function worklistRows(viewer: { id: string; role: TRole }, take: number): Promise<TWorklistRow[]> {
  const studies = await db().study.findMany({
    orderBy: { createdAt: "desc" },
    take,
    include: {
      patient: true,
      pipelineRuns: { orderBy: { createdAt: "desc" }, take: 1 },
      readings: {
        where: { status: { not: "SUPERSEDED" } },
        orderBy: { createdAt: "desc" },
        include: {
          reader: { select: { name: true } },
          snapshot: { select: { content: true } },
          annotations: { where: { kind: "LEVEL_DIAGNOSIS" }, include: { head: true } },
        },
      },
    },
  });
  return studies.map((s) => {
    const ai = s.readings.find((r) => r.role === "AI");
    const aiFindings: TLevelFinding[] = [];
    for (const a of ai?.annotations ?? []) {
      if (!a.head || a.head.deleted) continue;
      const data = readAnnotationData("LEVEL_DIAGNOSIS", a.head.data, a.head.id);
      aiFindings.push({ level: data.level, diagnosis: data.diagnosis, confidence: data.probabilities ? data.probabilities[data.diagnosis] : null });
    }
    const final = finalSourceOf(s, s.readings)?.reading;
    const frozen = final?.snapshot ? ZSignedSnapshot.parse(final.snapshot.content) : null;
    const findings: TLevelFinding[] = frozen
      ? frozen.values.flatMap((v) => (v.kind === "LEVEL_DIAGNOSIS" ? [{ level: v.data.level, diagnosis: v.data.diagnosis, confidence: v.source === "AI" && v.data.probabilities ? v.data.probabilities[v.data.diagnosis] : null }] : []))
      : aiFindings;
    findings.sort((a, b) => DISC_LEVELS.indexOf(a.level) - DISC_LEVELS.indexOf(b.level));
    const hidden = hiddenReadingIds(viewer, s.readingDesign, s.readings, s.reviewState);
    const holders = [...new Set(s.readings.filter((r) => r.role !== "AI" && isOpen(r) && !hidden.has(r.id)).map((r) => r.reader?.name).filter((n): n is string => !!n))];
    const run = s.pipelineRuns[0];
    const own = s.readings.find((r) => r.role !== "AI" && r.readerId === viewer.id && (r.status === "ASSIGNED" || r.status === "IN_PROGRESS"));
    return {
      ...studyHeaderOf(s, mayIdentifyPatient(viewer, s)),
      progress: run && (run.status === "RUNNING" || run.status === "QUEUED") ? run.progress : null,
      progressLabel: run?.progressLabel ?? null,
      assignee: holders.length ? holders.join(", ") : null,
      mine: own ? (own.status as "ASSIGNED" | "IN_PROGRESS") : null,
      findingsSource: frozen ? "SIGNED" : "AI",
      findings,
      severity: findings.reduce((n, f) => n + SEVERITY[f.diagnosis], 0),
      uncertainty: findings.reduce((u, f) => Math.max(u, f.confidence === null ? 0 : 1 - f.confidence), 0),
      updatedAt: s.updatedAt.toISOString(),
    };
  });
}
