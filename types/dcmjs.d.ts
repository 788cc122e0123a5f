// Minimal typings for the parts of dcmjs 0.51 that discern uses (the package ships none).
// Extend here rather than declaring the module a second time elsewhere.
declare module "dcmjs" {
  /** A naturalized data set: keyword → value, plus dcmjs's `_vrMap` / `_meta` helpers. */
  export type NaturalDataset = Record<string, unknown>;
  /** A denaturalized data set: "ggggeeee" → { vr, Value }. */
  export type DenaturalDataset = Record<string, { vr: string; Value?: unknown[] }>;

  export namespace data {
    class DicomMetaDictionary {
      static denaturalizeDataset(dataset: NaturalDataset): DenaturalDataset;
      static naturalizeDataset(dataset: DenaturalDataset): NaturalDataset;
      static uid(): string;
    }
    class DicomDict {
      constructor(meta: DenaturalDataset);
      meta: DenaturalDataset;
      dict: DenaturalDataset;
      write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
    }
    class DicomMessage {
      static readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDict;
    }
  }
  const dcmjs: { data: typeof data };
  export default dcmjs;
}
