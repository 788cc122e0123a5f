/** Annotations: kind schemas, AI predictions, append-only human revisions and the reader's view. */
export * from "./schemas";
export { saveAiPredictions, predictionsOf, type SaveAiPredictionsOptions, type TSavedAiPredictions } from "./save-ai-predictions";
export {
  reviseAnnotation,
  reviseAnnotations,
  reviseAnnotationsInTx,
  imagesOfChanges,
  type TChangeImage,
  type TAnnotationChange,
  type TAnnotationConflict,
  type ReviseAnnotationOptions,
  type ReviseAnnotationsOptions,
} from "./revise-annotation";
export { effectiveAnnotations, type TEffectiveAnnotation, type EffectiveAnnotationsOptions } from "./effective-annotations";
export { annotationHistory, type THistoryEntry } from "./annotation-history";
export { readingLayers, currentAiReading, type TReadingLayers } from "./reading-layers";
