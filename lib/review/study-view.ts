import type { Reading } from "@prisma/client";
import { currentAiReading, effectiveAnnotations, type TEffectiveAnnotation } from "../annotations";
import { can, type TRole } from "../auth/roles";
import { db } from "../db/client";
import type { ImageGeometry } from "../dicom/types";
import { AppError } from "../errors/app-error";
import { imageKey } from "../geometry/series-images";
import type { TDiscLevel } from "../phantom/truth";
import { frameGeometries } from "./frame-geometries";
import { viewerSeriesOf, type TViewerImage, type TViewerSeries } from "./viewer-series";
import { midSagittalSlice } from "../geometry/mid-sagittal-slice";
import { hiddenReadingIds } from "../supervision/reading-visibility";
import { canAmend, canRelease, canReopen, canSign, canStartReading, canSubmitDone, isOpen, openPrimary, type TActor, type TPolicyStudy } from "./policy";
import { readingRoleFor } from "./start-study-reading";
import { recordIdentityView } from "../audit/identity-views";
import { mayIdentifyPatient } from "../auth/identity-visibility";
import { adjudicationView, type TAdjudicationView } from "./adjudication-view";
import { studyHeaderOf, type TStudyHeader } from "./study-header";

export type { TViewerImage, TViewerSeries } from "./viewer-series";

export interface TReadingSummary {
  id: string;
  role: string;
  status: string;
  readerName: string | null;
  amendsId: string | null;
  version: number;
  signedAt: string | null;
  startedAt: string | null;
  amendReason: string | null;
}

/** Who holds the study's open primary reading when it is not the viewer (issue 12.1's read-only banner). */
export interface THolder {
  readingId: string;
  readerName: string | null;
  /** When they started it (ISO 8601). */
  since: string;
}

export interface TStudyView {
  study: TStudyHeader;
  /** Every stack of the study (series browser): sagittal, axial (cranial first), coronal, other. */
  series: TViewerSeries[];
  /** The stack the reading's vertebra boxes are on (else the T2 sagittal): the hanging protocol's left pane. */
  sagittal: TViewerSeries | null;
  /** The axial stacks whose slices carry levels (else the T2 axials), cranial first; images cranial → caudal. */
  axial: TViewerSeries[];
  /** The image key (lib/geometry imageKey: the SOP Instance UID for a single-frame image) of the sagittal slice to open on. */
  midSagittalUid: string | null;
  /** The reading shown: the user's open one, else the newest signed one, else the AI's. */
  reading: TReadingSummary | null;
  readings: TReadingSummary[];
  /** Heads including deleted ones (the client needs them as save bases). */
  annotations: TEffectiveAnnotation[];
  /** The AI reading's own heads (the originals a correction is compared with). */
  ai: TEffectiveAnnotation[];
  models: Record<string, { modelId: string; version: string }>;
  editable: boolean;
  canDiagnose: boolean;
  /** Every flag below is lib/review/policy's decision for this viewer (the server decides again on the action). */
  canStart: boolean;
  /** Why a start is refused, when it is (one sentence), for the read-only banner. */
  startRefusal: string | null;
  holder: THolder | null;
  canSign: boolean;
  canAmend: boolean;
  canSubmit: boolean;
  canReopen: boolean;
  /** The open reading the viewer may release (their own claim, or any for a supervisor). */
  releasableReadingId: string | null;
  /** Both signed blinded readings side by side, for the adjudicator (and supervisors) while the study awaits adjudication. */
  adjudication: TAdjudicationView | null;
}

function summary(r: Reading & { reader: { name: string } | null }): TReadingSummary {
  return {
    id: r.id,
    role: r.role,
    status: r.status,
    readerName: r.reader?.name ?? null,
    amendsId: r.amendsId,
    version: r.version,
    signedAt: r.signedAt?.toISOString() ?? null,
    startedAt: r.startedAt?.toISOString() ?? null,
    amendReason: r.amendReason,
  };
}

export interface StudyViewOptions {
  studyId: string;
  user: { id: string; role: TRole };
  /** The reading to show; default: the user's open one, else the newest signed, else the AI's. */
  readingId?: string;
}

/** Everything the viewer page needs of a study, for one user. DICOM text stays data. */
export async function studyView(options: StudyViewOptions): Promise<TStudyView> {
  const study = await db().study.findUnique({
    where: { id: options.studyId },
    include: { patient: true, series: { include: { instances: true } }, readings: { include: { reader: { select: { name: true } } }, orderBy: { createdAt: "asc" } } },
  });
  if (!study) throw new AppError("NOT_FOUND", { userMessage: "This study does not exist." });

  const human = study.readings.filter((r) => r.role !== "AI");
  const mine = [...human].reverse().find((r) => r.readerId === options.user.id && (r.status === "ASSIGNED" || r.status === "IN_PROGRESS"));
  const signed = [...human].reverse().find((r) => r.status === "SIGNED" && !human.some((h) => h.amendsId === r.id && h.status === "SIGNED"));
  const ai = await currentAiReading(db(), study.id);
  const ownLatest = [...human].reverse().find((r) => r.readerId === options.user.id && r.status !== "SUPERSEDED");
  // Blinding: while a double-blinded study is open, nobody is shown another reader's reading.
  const blinded = study.readingDesign === "DOUBLE_BLINDED" && study.reviewState !== "SIGNED";
  const fallback = blinded ? undefined : signed;
  // Readings blinding hides from this viewer are left out entirely: not their content, not who holds them.
  const hidden = hiddenReadingIds(options.user, study.readingDesign, study.readings, study.reviewState);
  const chosen = options.readingId ? study.readings.find((r) => r.id === options.readingId) : (mine ?? ownLatest ?? fallback ?? study.readings.find((r) => r.id === ai?.id));
  if (options.readingId && (!chosen || hidden.has(chosen.id))) throw new AppError("NOT_FOUND", { userMessage: "This reading does not belong to this study." });
  const annotations = chosen ? await effectiveAnnotations(chosen.id, { includeDeleted: true }) : [];

  const aiHeads = ai ? await effectiveAnnotations(ai.id) : [];
  const sliceLevels = new Map(annotations.filter((a) => a.kind === "SLICE_LEVEL" && !a.deleted).map((a) => [a.key, (a.data as { level: TDiscLevel | null }).level] as const));
  const multiFrame = study.series.flatMap((s) => s.instances.filter((i) => i.frames > 1));
  const all = viewerSeriesOf(study.series, sliceLevels, multiFrame.length > 0 ? await frameGeometries(multiFrame) : undefined);
  const { sagittal, axial } = pickSeries(all, annotations);
  const midBox = annotations.find((a) => a.kind === "VERTEBRA_BOX" && !a.deleted)?.data as { sopInstanceUid: string; frameIndex?: number } | undefined;
  const mid = midBox ? imageKey(midBox.sopInstanceUid, midBox.frameIndex) : undefined;
  const midImage = sagittal ? (sagittal.images.find((i) => i.key === mid) ?? midSagittalSlice(sagittal.images.filter((i): i is TViewerImage & { geometry: ImageGeometry } => i.geometry !== null))) : undefined;

  const modelIds = [...new Set([...annotations, ...aiHeads].map((a) => a.modelVersionId).filter((m): m is string => m !== null))];
  const models = await db().modelVersion.findMany({ where: { id: { in: modelIds } }, select: { id: true, modelId: true, version: true } });

  const actor: TActor = { id: options.user.id, role: options.user.role, disabled: false };
  const policyStudy: TPolicyStudy = { id: study.id, readingDesign: study.readingDesign, reviewState: study.reviewState, readings: study.readings };
  const own = chosen !== undefined && chosen.role !== "AI" && chosen.readerId === options.user.id && isOpen(chosen);
  const editable = own && can(options.user.role, "annotation:edit");
  const held = openPrimary(policyStudy);
  const holder = held && held.readerId !== options.user.id && !hidden.has(held.id) ? { readingId: held.id, readerName: study.readings.find((r) => r.id === held.id)?.reader?.name ?? null, since: (held.startedAt ?? held.createdAt).toISOString() } : null;
  const hasOwnOpen = human.some((r) => r.readerId === options.user.id && isOpen(r));
  const start = can(options.user.role, "annotation:edit") ? canStartReading(actor, policyStudy, readingRoleFor(options.user.role), holder?.readerName ?? null) : null;
  const amend = chosen?.status === "SIGNED" ? canAmend(actor, policyStudy, chosen, null) : null;
  const releasable = [chosen, held].find((r) => r && r.role !== "AI" && !hidden.has(r.id) && canRelease(actor, policyStudy, r).allowed);
  // Minimum necessary: annotators and blinded readers see the pseudonym; identified views are audited.
  const header = studyHeaderOf(study, mayIdentifyPatient(options.user, study));
  await recordIdentityView(options.user, "study-view", [header]);
  return {
    study: header,
    series: all,
    sagittal,
    axial,
    midSagittalUid: midImage?.key ?? null,
    reading: chosen ? summary(chosen) : null,
    readings: study.readings.filter((r) => !hidden.has(r.id)).map(summary),
    annotations,
    ai: aiHeads,
    models: Object.fromEntries(models.map((m) => [m.id, { modelId: m.modelId, version: m.version }])),
    editable,
    canDiagnose: editable && can(options.user.role, "diagnosis:edit"),
    canStart: !hasOwnOpen && start !== null && start.allowed,
    startRefusal: !hasOwnOpen && start && !start.allowed ? start.reason : null,
    holder,
    canSign: own && chosen !== undefined && canSign(actor, policyStudy, chosen).allowed,
    // The reason is asked when the reader amends: a refusal for want of one still means "may amend".
    canAmend: amend !== null && (amend.allowed || amend.code === "INVALID_INPUT"),
    canSubmit: own && chosen !== undefined && chosen.role === "ANNOTATION" && canSubmitDone(actor, policyStudy, chosen).allowed,
    canReopen: chosen !== undefined && chosen.role === "ANNOTATION" && canReopen(actor, policyStudy, chosen).allowed,
    releasableReadingId: releasable?.id ?? null,
    adjudication: study.reviewState === "ADJUDICATION" && (chosen?.role === "ADJUDICATION" || can(options.user.role, "study:assign")) && hidden.size === 0 ? await adjudicationView(db(), study.readings) : null,
  };
}

/**
 * The sagittal stack is the one the vertebra boxes are drawn on (else the T2 sagittal); the axial
 * stacks are those whose slices carry levels (else the T2 axials). Decoys stay out of these two,
 * but every stack is in `all` for the series browser.
 */
function pickSeries(all: TViewerSeries[], annotations: TEffectiveAnnotation[]): { sagittal: TViewerSeries | null; axial: TViewerSeries[] } {
  const byImage = new Map<string, TViewerSeries>();
  for (const s of all) for (const i of s.images) byImage.set(i.key, s);
  const live = annotations.filter((a) => !a.deleted);
  const boxSeries = live.filter((a) => a.kind === "VERTEBRA_BOX").map((a) => { const d = a.data as { sopInstanceUid: string; frameIndex?: number }; return byImage.get(imageKey(d.sopInstanceUid, d.frameIndex)); }).find(Boolean);
  const sagittal = boxSeries ?? all.find((s) => s.plane === "SAGITTAL" && s.weighting === "T2") ?? all.find((s) => s.plane === "SAGITTAL") ?? null;
  const levelSeries = new Set(live.filter((a) => a.kind === "SLICE_LEVEL").map((a) => byImage.get(a.key)).filter((s): s is TViewerSeries => s !== undefined));
  // `all` lists axial stacks cranial first, so one list of slices reads head to feet.
  const axial = levelSeries.size > 0 ? all.filter((s) => levelSeries.has(s)) : all.filter((s) => s.plane === "AXIAL" && s.weighting === "T2");
  return { sagittal, axial };
}
