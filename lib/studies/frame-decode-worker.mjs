// Worker thread entry of lib/studies/frame-decoder-pool.ts: decodes frames off the event loop.
// Plain JavaScript because a worker starts outside Next's and vitest's TypeScript pipelines; tsx
// (a dependency, external to Next's bundle) compiles the TypeScript task module on load, scoped
// to this import only. The task is found from the working directory (the repository root, where
// `next` and the tests run), not from this file, which a bundler may have copied elsewhere.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const root = workerData?.root ?? process.cwd();
const task = pathToFileURL(path.join(root, "lib/studies/frame-decode-task.ts")).href;
const { decodeStoredFrame } = await tsImport(task, import.meta.url);

parentPort.on("message", async ({ id, bytes, frameIndex }) => {
  try {
    const { frame, meta } = await decodeStoredFrame(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), frameIndex);
    parentPort.postMessage({ id, ok: true, frame, meta }, [frame.pixels.buffer]);
  } catch (error) {
    const known = error && typeof error === "object" && "code" in error && "userMessage" in error;
    parentPort.postMessage({
      id,
      ok: false,
      error: known ? { code: error.code, userMessage: error.userMessage, details: error.details } : { code: "INTERNAL", userMessage: "The frame could not be decoded.", message: String(error?.message ?? error) },
    });
  }
});
parentPort.postMessage({ ready: true });
