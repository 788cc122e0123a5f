/**
 * Tissue signal per sequence, relative to CSF on T2 (= 1). T2 FSE: CSF and hydrated nucleus
 * bright, fat bright-ish, marrow intermediate, muscle and annulus dark, cortex and ligaments
 * darkest, flowing blood void. T1: fat and marrow bright, CSF and discs dark. The localiser is a
 * fast gradient echo: flat, T1-ish contrast.
 */
export interface TissueContrast {
  name: "T2" | "T1" | "GRE";
  air: number;
  skin: number;
  fat: number;
  muscle: number;
  viscera: number;
  kidney: number;
  vessel: number;
  marrow: number;
  cortex: number;
  boneMarrowPosterior: number;
  annulus: number;
  /** null: each disc's own nucleus T2 signal (degeneration); a number: that signal for all. */
  nucleus: number | null;
  herniationScale: number;
  csf: number;
  cord: number;
  root: number;
  ligament: number;
  epiduralFat: number;
}

export const T2_CONTRAST: TissueContrast = {
  name: "T2",
  air: 0,
  skin: 0.42,
  fat: 0.74,
  muscle: 0.2,
  viscera: 0.38,
  kidney: 0.55,
  vessel: 0.05,
  marrow: 0.5,
  cortex: 0.05,
  boneMarrowPosterior: 0.34,
  annulus: 0.16,
  nucleus: null,
  herniationScale: 1,
  csf: 1,
  cord: 0.4,
  root: 0.3,
  ligament: 0.08,
  epiduralFat: 0.7,
};

export const T1_CONTRAST: TissueContrast = {
  name: "T1",
  air: 0,
  skin: 0.5,
  fat: 0.95,
  muscle: 0.34,
  viscera: 0.45,
  kidney: 0.42,
  vessel: 0.06,
  marrow: 0.74,
  cortex: 0.05,
  boneMarrowPosterior: 0.62,
  annulus: 0.28,
  nucleus: 0.36,
  herniationScale: 0.45,
  csf: 0.16,
  cord: 0.45,
  root: 0.42,
  ligament: 0.12,
  epiduralFat: 0.9,
};

export const GRE_CONTRAST: TissueContrast = {
  ...T1_CONTRAST,
  name: "GRE",
  fat: 0.8,
  marrow: 0.6,
  csf: 0.35,
  muscle: 0.4,
};
