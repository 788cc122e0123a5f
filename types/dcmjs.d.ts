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
      static readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string | null; includeUntilTagValue?: boolean; noCopy?: boolean; forceStoreRaw?: boolean }): DicomDict;
    }
  }
  /** dcmjs's loglevel logger. */
  interface DcmjsLogger {
    setLevel(level: "trace" | "debug" | "info" | "warn" | "error" | "silent"): void;
    getLogger(name: string): DcmjsLogger;
  }
  const dcmjs: { data: typeof data; log: DcmjsLogger };
  export default dcmjs;
}
