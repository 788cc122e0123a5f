import { z } from "zod";

/**
 * The per-level finding a radiologist reports, in the combined NASS/ASSR/ASNR lumbar disc
 * nomenclature (Fardon et al., "Lumbar disc nomenclature: version 2.0", Spine J 2014;14:2525–45)
 * plus the RSNA 2024 lumbar spine degenerative classification challenge's stenosis grades.
 * Stored inside LEVEL_DIAGNOSIS annotation data (lib/annotations/schemas.ts), so every change is an
 * annotation revision with provenance. Absent optional fields mean "not stated": nothing is invented.
 */
export const FINDING_VOCABULARY = "NASS-ASSR-ASNR 2014" as const;

/** Herniation type (Fardon 2014 §Herniation): unspecified when the reader (or the AI) did not say. */
export const HERNIATION_TYPES = ["protrusion", "extrusion", "sequestration", "unspecified"] as const;
/** Axial zones (Fardon 2014, "anatomic zones"), sided where the zone has a side. */
export const AXIAL_ZONES = ["central", "subarticular-left", "subarticular-right", "foraminal-left", "foraminal-right", "extraforaminal-left", "extraforaminal-right"] as const;
/** Craniocaudal levels of a displaced fragment (Fardon 2014: discal, suprapedicular, pedicular, infrapedicular). */
export const CRANIOCAUDAL_POSITIONS = ["discal", "suprapedicular", "pedicular", "infrapedicular"] as const;
export const MIGRATIONS = ["none", "cranial", "caudal"] as const;
/** Canal compromise by the displaced material (Fardon 2014: mild < 1/3, moderate 1/3–2/3, severe > 2/3 of the canal). */
export const SEVERITIES = ["mild", "moderate", "severe"] as const;
/** RSNA 2024 lumbar challenge stenosis grades. */
export const STENOSIS_GRADES = ["normal-mild", "moderate", "severe"] as const;
/** The five stenosis sites the RSNA 2024 challenge grades per level. */
export const STENOSIS_SITES = ["centralCanal", "subarticularLeft", "subarticularRight", "foraminalLeft", "foraminalRight"] as const;

export const ZHerniationType = z.enum(HERNIATION_TYPES);
export const ZAxialZone = z.enum(AXIAL_ZONES);
export const ZSeverity = z.enum(SEVERITIES);
export const ZStenosisGrade = z.enum(STENOSIS_GRADES);

export const ZDiscContour = z.discriminatedUnion("contour", [
  z.object({ contour: z.literal("normal") }),
  /** Bulge: disc beyond the ring apophyses over more than 25% of the circumference. */
  z.object({ contour: z.literal("bulge"), symmetry: z.enum(["symmetric", "asymmetric"]).optional() }),
  /** Herniation: localised displacement (< 25% of the circumference). */
  z.object({
    contour: z.literal("herniation"),
    type: ZHerniationType,
    zone: ZAxialZone.optional(),
    position: z.enum(CRANIOCAUDAL_POSITIONS).optional(),
    migration: z.enum(MIGRATIONS).optional(),
    canalCompromise: ZSeverity.optional(),
  }),
]);

export const ZStenosis = z.object({
  centralCanal: ZStenosisGrade.optional(),
  subarticularLeft: ZStenosisGrade.optional(),
  subarticularRight: ZStenosisGrade.optional(),
  foraminalLeft: ZStenosisGrade.optional(),
  foraminalRight: ZStenosisGrade.optional(),
});

export const ZLevelFinding = z.object({
  vocabulary: z.literal(FINDING_VOCABULARY),
  disc: ZDiscContour,
  stenosis: ZStenosis.optional(),
  /** Modic endplate change type (Modic et al., Radiology 1988). */
  modic: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  /** Pfirrmann disc degeneration grade I–V stored as 1–5 (Pfirrmann et al., Spine 2001). */
  pfirrmann: z.number().int().min(1).max(5).optional(),
  comment: z.string().trim().max(2000).optional(),
});

export type TLevelFinding = z.infer<typeof ZLevelFinding>;
export type TDiscContour = z.infer<typeof ZDiscContour>;
export type THerniation = Extract<TDiscContour, { contour: "herniation" }>;
export type TAxialZone = z.infer<typeof ZAxialZone>;
export type TStenosisGrade = z.infer<typeof ZStenosisGrade>;
export type TStenosisSite = (typeof STENOSIS_SITES)[number];
export type TSeverity = z.infer<typeof ZSeverity>;
