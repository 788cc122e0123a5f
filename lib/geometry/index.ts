/**
 * lib/geometry: pure patient-space math (LPS millimetres, image pixels with corner origin). No
 * node imports: the viewer runs these in the browser.
 */
export { add, addScaled, cross, dot, norm, normalize, scale, sub } from "./vec3";
export { pixelToPatient } from "./pixel-to-patient";
export { patientToPixel } from "./patient-to-pixel";
export { planeNormal } from "./plane-normal";
export { signedDistanceToPlane } from "./signed-distance-to-plane";
export { boxCenterToPatient } from "./box-center-to-patient";
export { boxIou, type TBox } from "./box-iou";
export { midSagittalSlice } from "./mid-sagittal-slice";
export { discCenter } from "./disc-center";
export { distanceToDisc } from "./distance-to-disc";
export { assignLevel, type AssignLevelOptions, type LabelledVertebra, type LevelAssignment, type TLevelFlag } from "./assign-level";
export { referenceLine } from "./reference-line";
export { selectSeries, spinePlane, type IgnoredSeries, type SelectSeriesOptions, type SeriesInstance, type SeriesSelection, type SeriesImage, type SetAsideImage } from "./select-series";
export { imageKey, imagesOf } from "./series-images";
export { assembleStacks, type ImageStack } from "./assemble-stacks";
