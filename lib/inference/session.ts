import * as ort from "onnxruntime-node";
import { AppError } from "../errors/app-error";
import { loadModel, type LoadedModel } from "./manifest";
import type { TInferenceDevice } from "./device";

/** One onnxruntime session per (model folder, requested device), created once and reused. */
export interface ModelSession {
  model: LoadedModel;
  session: ort.InferenceSession;
  /** The device asked for. */
  requested: TInferenceDevice;
  /** The device the session actually runs on (cpu after a fallback). */
  device: TInferenceDevice;
  /** Why the device differs from the request, when it does. */
  warnings: string[];
  /** Milliseconds spent reading, checking and creating the session. */
  loadMs: number;
}

export interface GetSessionOptions {
  device?: TInferenceDevice;
  /** Called once per fallback; default writes the sentence to stderr. */
  onWarning?: (message: string) => void;
}

const cache = new Map<string, Promise<ModelSession>>();

/**
 * Session options: all graph optimisations, and intra-op threads that sleep when idle instead of
 * spinning (onnxruntime's `session.intra_op.allow_spinning`, on by default). On the 2-core machines
 * discern runs on, with the web server, the database and the worker sharing the cores, spinning
 * threads took the CPU the calling thread needed: bench/pipeline.ts, same sitting, 3 studies × 5
 * runs: 120–136 ms per study spinning, 66–68 ms not (bare session.run 95 → 35 ms per study);
 * one intra-op thread instead was slower (session.run 55–72 ms per study).
 */
function sessionOptions(device: TInferenceDevice): ort.InferenceSession.SessionOptions {
  return { executionProviders: [device], graphOptimizationLevel: "all", extra: { session: { intra_op: { allow_spinning: "0" } } } };
}

async function create(dir: string, requested: TInferenceDevice, onWarning: (m: string) => void): Promise<ModelSession> {
  const t0 = performance.now();
  const model = await loadModel(dir);
  const warnings: string[] = [];
  let device = requested;
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(model.onnx, sessionOptions(requested));
  } catch (cause) {
    if (requested === "cpu") {
      throw new AppError("INFERENCE_FAILED", {
        userMessage: `Could not load model ${model.manifest.id} on the cpu.`,
        cause,
      });
    }
    const reason = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    const message = `Execution provider ${requested} is not available for ${model.manifest.id} (${reason}); running on cpu.`;
    warnings.push(message);
    onWarning(message);
    device = "cpu";
    session = await ort.InferenceSession.create(model.onnx, sessionOptions("cpu"));
  }
  return { model, session, requested, device, warnings, loadMs: performance.now() - t0 };
}

/** The cached session of the model in `dir` (models/<id>), created on first use. */
export function getModelSession(dir: string, options: GetSessionOptions = {}): Promise<ModelSession> {
  const requested = options.device ?? "cpu";
  const key = `${dir}\u0000${requested}`;
  let entry = cache.get(key);
  if (!entry) {
    const warn = options.onWarning ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
    entry = create(dir, requested, warn);
    // A failed load must not poison the cache: the next call tries again.
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
  }
  return entry;
}

/** Releases every cached session (tests, worker shutdown). */
export async function releaseModelSessions(): Promise<void> {
  const entries = [...cache.values()];
  cache.clear();
  await Promise.all(
    entries.map(async (p) => {
      const s = await p.catch(() => undefined);
      await s?.session.release();
    }),
  );
}
