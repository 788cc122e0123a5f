/** The parts of the emscripten/embind codec modules (@cornerstonejs/codec-*) that discern calls. */
export interface WasmFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): WasmFrameInfo;
  /** Frees the instance's WASM memory; its buffers are invalid afterwards. */
  delete(): void;
}

export interface CharlsDecoder extends WasmDecoder {
  /** 0 = planes one after the other, 1 = line interleaved, 2 = sample interleaved. */
  getInterleaveMode(): number;
  getNearLossless(): number;
}

export type WasmModuleFactory<TModule> = (options?: Record<string, unknown>) => Promise<TModule>;
export interface CharlsModule { JpegLSDecoder: new () => CharlsDecoder }
export interface LibJpegTurboModule { JPEGDecoder: new () => WasmDecoder }
export interface OpenJpegModule { J2KDecoder: new () => WasmDecoder }
export interface OpenJphModule { HTJ2KDecoder: new () => WasmDecoder }
