import type { CharlsModule, LibJpegTurboModule, OpenJpegModule, OpenJphModule } from "./wasm-types";

/**
 * Each WebAssembly codec is instantiated once per process and reused. A codec that aborts (an
 * emscripten abort leaves its module unusable) is dropped with `forgetCodec`, so that the next
 * frame loads a fresh instance instead of failing forever.
 */
export interface CodecModules {
  charls: CharlsModule;
  libjpegTurbo: LibJpegTurboModule;
  openjpeg: OpenJpegModule;
  openjph: OpenJphModule;
  /** DCMTK's IJG libjpeg (8/12/16-bit) and RLE, through dcmjs-codecs. */
  dcmtk: typeof import("dcmjs-codecs");
}
export type TCodecName = keyof CodecModules;

// The emscripten modules print progress ("[INFO] Main header has been correctly decoded") to
// stdout, which would corrupt `discern inspect --json`: send it nowhere. A fresh object per
// instance: emscripten makes this argument the module itself, so a reused one would collide
// ("Cannot register public name … twice") when a dropped codec is loaded again.
const quiet = () => ({ print: () => undefined, printErr: () => undefined });

const loaders: { [K in TCodecName]: () => Promise<CodecModules[K]> } = {
  charls: async () => (await import("@cornerstonejs/codec-charls/decodewasmjs")).default(quiet()),
  libjpegTurbo: async () => (await import("@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs")).default(quiet()),
  openjpeg: async () => (await import("@cornerstonejs/codec-openjpeg/decodewasmjs")).default(quiet()),
  openjph: async () => (await import("@cornerstonejs/codec-openjph/wasmjs")).default(quiet()),
  dcmtk: async () => {
    const codecs = await import("dcmjs-codecs");
    // Interop: under some loaders the CommonJS exports arrive on `default`.
    const api = ("NativeCodecs" in codecs ? codecs : (codecs as { default: typeof codecs }).default) as typeof codecs;
    if (!api.NativeCodecs.isInitialized()) await api.NativeCodecs.initializeAsync();
    return api;
  },
};

const cache = new Map<TCodecName, Promise<unknown>>();

export function loadCodec<K extends TCodecName>(name: K): Promise<CodecModules[K]> {
  let promise = cache.get(name) as Promise<CodecModules[K]> | undefined;
  if (!promise) {
    promise = loaders[name]();
    promise.catch(() => cache.delete(name));
    cache.set(name, promise);
  }
  return promise;
}

export function forgetCodec(name: TCodecName): void {
  // dcmjs-codecs keeps its module in a static field; it reports its own errors as exceptions
  // without aborting, so only the emscripten modules are reloaded.
  if (name !== "dcmtk") cache.delete(name);
}
