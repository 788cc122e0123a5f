import type { TClassReport, TKappa, TMatrix, TProportion } from "../stats";
import { VOCABULARY_CLASSES, findingFromAi, vocabularyClassOf, type TLevelFinding, type TVocabularyClass } from "../findings";
import type { TDiagnosis } from "../phantom/truth";
import type { TGatedKappa } from "./kappa-gate";
import { agreementBlock } from "./level-block";

/**
 * Agreement of two label sources on one level at the full vocabulary's granularity (issue 16.2):
 * normal, bulge, herniation by type (lib/findings VOCABULARY_CLASSES) — where bulge vs herniation
 * and extrusion calls differ between readers, which the three classes hide.
 */
export interface TVocabularyBlock {
  level: string;
  n: number;
  /** Rows: the reference source; columns: the other; order VOCABULARY_CLASSES. */
  matrix: TMatrix;
  agreement: TProportion;
  kappa: TGatedKappa<TKappa>;
  classes: TClassReport<TVocabularyClass>;
}

/** A level's label at the vocabulary's granularity: its finding, else its three-class diagnosis as a contour value. */
export function vocabularyLabel(l: { diagnosis: TDiagnosis; finding?: TLevelFinding | undefined }): TVocabularyClass {
  return vocabularyClassOf(l.finding ?? findingFromAi(l.diagnosis));
}

/** Builds a TVocabularyBlock from (reference, other) pairs of vocabulary classes. */
export function vocabularyBlock(level: string, pairs: ReadonlyArray<readonly [TVocabularyClass, TVocabularyClass]>): TVocabularyBlock {
  return agreementBlock(level, pairs, VOCABULARY_CLASSES);
}
