// Type declarations for codec packages that ship none; only what lib/dicom/codecs uses.
declare module "@cornerstonejs/codec-charls/decodewasmjs" {
  import type { CharlsModule, WasmModuleFactory } from "./wasm-types";
  const factory: WasmModuleFactory<CharlsModule>;
  export default factory;
}
declare module "@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs" {
  import type { LibJpegTurboModule, WasmModuleFactory } from "./wasm-types";
  const factory: WasmModuleFactory<LibJpegTurboModule>;
  export default factory;
}
declare module "@cornerstonejs/codec-openjpeg/decodewasmjs" {
  import type { OpenJpegModule, WasmModuleFactory } from "./wasm-types";
  const factory: WasmModuleFactory<OpenJpegModule>;
  export default factory;
}
declare module "@cornerstonejs/codec-openjph/wasmjs" {
  import type { OpenJphModule, WasmModuleFactory } from "./wasm-types";
  const factory: WasmModuleFactory<OpenJphModule>;
  export default factory;
}
declare module "dcmjs-codecs" {
  export interface DcmjsCodecContext {
    setEncodedBuffer(buffer: Uint8Array): void;
    getDecodedBuffer(): Uint8Array;
  }
  export const Context: {
    fromDicomElements(elements: {
      Rows: number;
      Columns: number;
      BitsAllocated: number;
      BitsStored: number;
      SamplesPerPixel: number;
      PixelRepresentation: number;
      PlanarConfiguration: number;
      PhotometricInterpretation: string;
    }): DcmjsCodecContext;
  };
  export const NativeCodecs: {
    initializeAsync(options?: { webAssemblyModulePathOrUrl?: string; logCodecsInfo?: boolean; logCodecsTrace?: boolean }): Promise<void>;
    isInitialized(): boolean;
    decodeRle(context: DcmjsCodecContext, parameters?: Record<string, unknown>): DcmjsCodecContext;
    decodeJpeg(context: DcmjsCodecContext, parameters?: Record<string, unknown>): DcmjsCodecContext;
  };
}
