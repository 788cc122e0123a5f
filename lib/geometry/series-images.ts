import type { ImageGeometry, InstanceMeta } from "../dicom/types";

/** What series assembly needs of one instance (a file); everything but the UIDs may be absent. */
export type SeriesInstance = Pick<InstanceMeta, "studyInstanceUid" | "seriesInstanceUid" | "sopInstanceUid"> &
  Partial<
    Pick<
      InstanceMeta,
      | "seriesNumber"
      | "seriesDescription"
      | "echoTime"
      | "repetitionTime"
      | "imageType"
      | "geometry"
      | "instanceNumber"
      | "echoNumber"
      | "acquisitionNumber"
      | "frames"
      | "perFrame"
    >
  >;

/**
 * One image a reader sees: a single-frame instance, or one frame of an enhanced multi-frame object
 * with that frame's own geometry, echo and timing (from its functional groups).
 */
export interface SeriesImage<T extends SeriesInstance = SeriesInstance> {
  /** Unique within a study: the SOP Instance UID, with `[frame]` (0-based) for enhanced frames. */
  key: string;
  instance: T;
  /** 0-based frame of an enhanced multi-frame object; absent for a single-frame image. */
  frameIndex?: number;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  seriesNumber?: number;
  seriesDescription?: string;
  instanceNumber?: number;
  geometry?: ImageGeometry;
  /** Milliseconds. */
  echoTime?: number;
  /** Milliseconds. */
  repetitionTime?: number;
  echoNumber?: number;
  acquisitionNumber?: number;
  stackId?: string;
  imageType?: string[];
}

/** The key of one image of an instance (see SeriesImage.key). */
export function imageKey(sopInstanceUid: string, frameIndex?: number): string {
  return frameIndex === undefined ? sopInstanceUid : `${sopInstanceUid}[${frameIndex}]`;
}

/**
 * The images of one instance: one per frame for an enhanced multi-frame object (functional
 * groups present, PS3.3 C.7.6.16), each with its frame's geometry, echo time, repetition time,
 * Stack ID and Frame Type where given; otherwise the instance itself as one image (a classic
 * multi-frame file is read on its first frame, as before).
 */
export function imagesOf<T extends SeriesInstance>(instance: T): SeriesImage<T>[] {
  const base = {
    instance,
    sopInstanceUid: instance.sopInstanceUid,
    seriesInstanceUid: instance.seriesInstanceUid,
    studyInstanceUid: instance.studyInstanceUid,
    seriesNumber: instance.seriesNumber,
    seriesDescription: instance.seriesDescription,
    instanceNumber: instance.instanceNumber,
    echoNumber: instance.echoNumber,
    acquisitionNumber: instance.acquisitionNumber,
  };
  const frames = instance.perFrame;
  if (!frames || frames.length < 2) {
    return [{ ...base, key: imageKey(instance.sopInstanceUid), geometry: instance.geometry, echoTime: instance.echoTime, repetitionTime: instance.repetitionTime, imageType: instance.imageType }];
  }
  return frames.map((f, frameIndex) => ({
    ...base,
    key: imageKey(instance.sopInstanceUid, frameIndex),
    frameIndex,
    geometry: f.geometry,
    echoTime: f.echoTime ?? instance.echoTime,
    repetitionTime: f.repetitionTime ?? instance.repetitionTime,
    stackId: f.stackId,
    imageType: f.frameType ?? instance.imageType,
  }));
}
