/** lib/dicom: read, validate and decode DICOM files. Framework-free; one unit per file. */
export * from "./types";
export { classifyPlane, planeNormal, PLANE_ANGLE_THRESHOLD_DEG } from "./classify-plane";
export { classifyWeighting, WEIGHTING_TIMING } from "./classify-weighting";
export { DEFAULT_DICOM_LIMITS, pixelBytesOf, resolveLimits, storedPixelBytes, type DicomLimits } from "./limits";
export { parseDicomBytes, type ParseDicomOptions, type ParsedDicom } from "./parse-dicom-bytes";
export { readGeometry } from "./read-geometry";
export { metaFromDataSet, readInstance, readInstanceMeta, type ParsedInstance, type ReadInstanceOptions } from "./read-instance";
export { transferSyntaxInfo, supportedTransferSyntaxes, type TransferSyntaxInfo, type TPixelCodec } from "./transfer-syntax";
export { decodeFrame, type DecodedFrame } from "./decode-frame";
export { allocateStored, fillStored, type TStoredPixels } from "./stored-pixels";
export { readEncapsulatedFrame } from "./read-encapsulated-frame";
export { readNativeFrame } from "./read-native-frame";
export { codestreamInfo, type CodestreamInfo } from "./codecs/codestream-info";
export { applyModalityLut, defaultWindow, modalityRange, type VoiWindow } from "./voi-window";
export { encodeGrayPng, rawFrame16, renderFrame8, type RawFrame16 } from "./render-frame";
export { pixelHash } from "./pixel-hash";
export { dicomError } from "./dicom-error";
export { inspectFile, type InspectRecord } from "./inspect-file";
