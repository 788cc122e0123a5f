import { DISC_LEVELS, type TDiagnosis, type TDiscLevel } from "../phantom/truth";
import { db } from "../db/client";
import { readAnnotationData } from "../annotations/schemas";
import { studyHeaderOf, type TStudyHeader } from "./study-header";

export interface TLevelFinding {
  level: TDiscLevel;
  diagnosis: TDiagnosis;
  /** Probability of the AI's diagnosis, 0..1 (null when the model gave none). */
  confidence: number | null;
}

export interface TWorklistRow extends TStudyHeader {
  /** 0..1 and its label while the pipeline runs. */
  progress: number | null;
  progressLabel: string | null;
  assignee: string | null;
  findings: TLevelFinding[];
  /** Sum over levels: bulge 1, herniation 2. */
  severity: number;
  /** The largest 1 − confidence over levels: how unsure the AI is somewhere. */
  uncertainty: number;
  updatedAt: string;
}

const SEVERITY: Record<TDiagnosis, number> = { normal: 0, bulge: 1, herniation: 2 };

/**
 * The worklist: every study with its pipeline progress, review state, assignee and the current
 * AI reading's finding per level. Filtering and sorting happen in the browser (keyboard-first,
 * no round trip); DICOM text stays data.
 */
export async function worklist(take = 500): Promise<TWorklistRow[]> {
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
          annotations: { where: { kind: "LEVEL_DIAGNOSIS" }, include: { head: true } },
        },
      },
    },
  });
  return studies.map((s) => {
    const ai = s.readings.find((r) => r.role === "AI");
    const human = s.readings.find((r) => r.role !== "AI" && r.readerId);
    const findings: TLevelFinding[] = [];
    for (const a of ai?.annotations ?? []) {
      if (!a.head || a.head.deleted) continue;
      const data = readAnnotationData("LEVEL_DIAGNOSIS", a.head.data, a.head.id);
      findings.push({ level: data.level, diagnosis: data.diagnosis, confidence: data.probabilities ? data.probabilities[data.diagnosis] : null });
    }
    findings.sort((a, b) => DISC_LEVELS.indexOf(a.level) - DISC_LEVELS.indexOf(b.level));
    const run = s.pipelineRuns[0];
    return {
      ...studyHeaderOf(s),
      progress: run && (run.status === "RUNNING" || run.status === "QUEUED") ? run.progress : null,
      progressLabel: run?.progressLabel ?? null,
      assignee: human?.reader?.name ?? null,
      findings,
      severity: findings.reduce((n, f) => n + SEVERITY[f.diagnosis], 0),
      uncertainty: findings.reduce((u, f) => Math.max(u, f.confidence === null ? 0 : 1 - f.confidence), 0),
      updatedAt: s.updatedAt.toISOString(),
    };
  });
}
