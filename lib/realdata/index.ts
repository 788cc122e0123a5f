/**
 * lib/realdata: real lumbar MR volumes (../shared/realdata, numpy .npz) read into memory and built
 * into ordinary DICOM studies (sagittal slabs, axial reformats through each disc) for
 * `discern eval --realdata`, with what each study should yield.
 */
export { parseNpy, type NpyArray, type TNpyDtype } from "./npy";
export { readNpz } from "./read-npz";
export { examIdOf, loadRealExam, readRealdataIndex, REALDATA_SETS, ZRealdataIndexEntry, type RealExam, type TRealdataIndexEntry, type TRealdataSet } from "./exam";
export { parseRealdataSplit, readRealdataSplit, REALDATA_SPLIT_FILE, REALDATA_SPLITS, type TRealdataSplit } from "./split";
export { buildRealStudy, type BuildRealStudyOptions, type RealStudy, type RealStudyTruth } from "./build-real-study";
export { patientToVoxel, sampleTrilinear, voxelIndex, voxelToPatient, labelPoints, type Volume } from "./volume";
export { averageSlab, planSlabs, slabGeometry, type SlabRange } from "./sagittal-slabs";
export { axialAxes, axialGeometry, reformatAxial, type AxialPlaneSpec } from "./axial-reformat";
export { discPlanesFromBodies, discPlanesFromDiscs, thinAxis, type DiscPlane } from "./disc-planes";
