import { buildSpine, type SpineModel } from "./anatomy";
import { buildTruth } from "./build-truth";
import { drawDiagnoses, resolveOptions, type PhantomOptions, type TVariant } from "./options";
import { planStudy, type StudyPlan } from "./plan";
import { drawPose, type Pose } from "./pose";
import { createRng } from "./prng";
import { renderImage } from "./render";
import { createSampler } from "./sample-tissue";
import { ZPhantomTruth, type TDiagnosis, type TDiscLevel, type TPhantomTruth } from "./truth";
import { createUidGenerator } from "./uid";
import { EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN, writeMrInstance, type StudyHeader } from "./write-dicom";

export interface GenerateStudyOptions {
  seed: number;
  /** Named variant; "mixed" (default) draws every acquisition choice from the seed. */
  variant?: TVariant;
  /** false: plan and truth only, no pixels and no DICOM bytes (fast, for geometry tests). */
  pixels?: boolean;
  /** Per-level class probabilities [normal, bulge, herniation]; missing levels keep the default. */
  classMix?: Partial<Record<TDiscLevel, [number, number, number]>>;
  forceDiagnosis?: Partial<Record<TDiscLevel, TDiagnosis>>;
  /** Adjust the resolved options last (tests and pictures). */
  tweak?: (options: PhantomOptions) => void;
}

export interface GeneratedFile {
  /** Relative to the study folder. */
  path: string;
  /** Part 10 bytes; null when generated with `pixels: false`. */
  bytes: Uint8Array | null;
}

export interface GeneratedStudy {
  /** Folder name of the study: phantom-<seed>. */
  name: string;
  options: PhantomOptions;
  truth: TPhantomTruth;
  files: GeneratedFile[];
  plan: StudyPlan;
  model: SpineModel;
  pose: Pose;
}

function studyDateOf(seed: number): string {
  const days = ((seed % 1000) + 1000) % 1000;
  const date = new Date(Date.UTC(2024, 0, 1) + days * 86_400_000);
  return date.toISOString().slice(0, 10).replace(/-/g, "");
}

/**
 * Generates one synthetic lumbar study in memory, deterministic by seed: the anatomy, the series
 * plan, the ground truth and (unless `pixels: false`) every image as DICOM bytes. Independent
 * random streams per purpose keep the anatomy of a seed identical across variants.
 */
export function generateStudy(options: GenerateStudyOptions): GeneratedStudy {
  const seed = options.seed;
  const root = createRng(seed);
  const streams = {
    options: root.fork("options"),
    anatomy: root.fork("anatomy"),
    pose: root.fork("pose"),
    plan: root.fork("plan"),
    uid: root.fork("uid"),
    texture: root.fork("texture"),
    render: root.fork("render"),
    header: root.fork("header"),
  };
  const resolved = resolveOptions(options.variant ?? "mixed", streams.options);
  resolved.classMix = { ...resolved.classMix, ...options.classMix };
  if (options.forceDiagnosis) resolved.forceDiagnosis = options.forceDiagnosis;
  options.tweak?.(resolved);

  const model = buildSpine(streams.anatomy, drawDiagnoses(resolved, streams.anatomy));
  const pose = drawPose(streams.pose, resolved.patientPosition === "FFS");
  const uid = createUidGenerator(streams.uid);
  const studyInstanceUid = uid();
  const plan = planStudy(model, resolved, pose, streams.plan, uid);
  const truth = ZPhantomTruth.parse({
    ...buildTruth({ seed, variant: resolved.variant, studyInstanceUid, model, pose, plan }),
    acquisition: {
      axialLayout: resolved.axialLayout,
      sliceOrder: resolved.sliceOrder,
      flipRows: resolved.flipRows,
      flipColumns: resolved.flipColumns,
      patientPosition: resolved.patientPosition,
      coverage: resolved.coverage,
      decoys: resolved.decoys,
      transferSyntax: resolved.transferSyntax,
      angulationJitterDeg: resolved.angulationJitterDeg,
      sagittalMatrix: [plan.mid.geometry.rows, plan.mid.geometry.columns],
      axialMatrix: [resolved.axial.rows, resolved.axial.columns],
    },
  });

  const h = streams.header;
  const header: StudyHeader = {
    studyInstanceUid,
    patientName: `PHANTOM^${seed}`,
    patientId: `PH${String(seed).padStart(6, "0")}`,
    patientBirthDate: `19${h.int(40, 99)}${String(h.int(1, 12)).padStart(2, "0")}${String(h.int(1, 28)).padStart(2, "0")}`,
    patientSex: h.chance(0.5) ? "F" : "M",
    studyDate: studyDateOf(seed),
    studyTime: `${String(h.int(7, 19)).padStart(2, "0")}${String(h.int(0, 59)).padStart(2, "0")}00`,
    accessionNumber: `PHA${String(seed).padStart(7, "0")}`,
    patientPosition: resolved.patientPosition,
    frameOfReferenceUid: plan.frameOfReferenceUid,
    transferSyntaxUid: resolved.transferSyntax === "implicit" ? IMPLICIT_VR_LITTLE_ENDIAN : EXPLICIT_VR_LITTLE_ENDIAN,
  };

  const files: GeneratedFile[] = [];
  const sampler = options.pixels === false ? null : createSampler(model, streams.texture);
  for (const series of plan.series) {
    const noiseSigma = streams.render.uniform(0.015, 0.035);
    const scale = streams.render.uniform(1500, 1900);
    for (const image of series.images) {
      if (!sampler) {
        files.push({ path: image.file, bytes: null });
        continue;
      }
      const pixels = renderImage(sampler, image.geometry, pose, { contrast: series.contrast, samples: series.samples, scale, noiseSigma }, streams.render.fork(image.sopInstanceUid));
      files.push({ path: image.file, bytes: writeMrInstance(header, series, image, pixels) });
    }
  }
  return { name: `phantom-${seed}`, options: resolved, truth, files, plan, model, pose };
}
