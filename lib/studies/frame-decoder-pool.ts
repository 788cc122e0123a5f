import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { env } from "../config/env";
import { AppError, type TAppErrorCode } from "../errors/app-error";
import { decodeStoredFrame, type DecodedStoredFrame } from "./frame-decode-task";

/**
 * Frame decoding off the event loop: a few worker threads (node:worker_threads), each decoding
 * one frame at a time, so that a slow codec (a large JPEG 2000, a hostile RLE) never stalls other
 * requests. Each worker has a V8 heap cap (resourceLimits); codec buffers outside the heap are
 * bounded by the frame-size check of lib/dicom/limits.ts, which runs before any codec. A worker
 * that runs out of memory (TOO_LARGE), crashes (INTERNAL) or passes the time limit (SERVER_BUSY,
 * 503: worth a retry) is replaced, and only its request fails, with one sentence.
 * DISCERN_FRAME_WORKERS=0 decodes inline (no threads).
 */
const WORKER_FILE = path.join(process.cwd(), "lib/studies/frame-decode-worker.mjs");
/** V8 heap of one worker; decoded pixels live in ArrayBuffers outside it (counted by the frame limit). */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 8 };
/** A frame that takes longer than this is abandoned (its worker terminated). */
export const FRAME_DECODE_TIMEOUT_MS = 30_000;

interface Task {
  id: number;
  bytes: Uint8Array;
  frameIndex: number;
  resolve: (value: DecodedStoredFrame) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

type TReply = { ready: true } | { id: number; ok: true; frame: DecodedStoredFrame["frame"]; meta: DecodedStoredFrame["meta"] } | { id: number; ok: false; error: { code: TAppErrorCode; userMessage: string; details?: Record<string, unknown>; message?: string } };

let nextId = 1;

class FrameDecoderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];

  constructor(private readonly size: number) {
    for (let i = 0; i < size; i += 1) this.slots.push(this.spawn());
  }

  decode(bytes: Uint8Array, frameIndex: number): Promise<DecodedStoredFrame> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: nextId++, bytes, frameIndex, resolve, reject });
      this.pump();
    });
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_FILE, { resourceLimits: RESOURCE_LIMITS, workerData: { root: process.cwd() } });
    worker.unref();
    const slot: Slot = { worker, ready: false, task: null, timer: null };
    worker.on("message", (reply: TReply) => this.onReply(slot, reply));
    worker.on("error", (error: Error & { code?: string }) => this.fail(slot, error));
    worker.on("exit", () => this.fail(slot, new Error("frame decoder exited")));
    return slot;
  }

  private onReply(slot: Slot, reply: TReply): void {
    if ("ready" in reply) {
      slot.ready = true;
      this.pump();
      return;
    }
    const task = slot.task;
    if (!task || task.id !== reply.id) return;
    this.finish(slot);
    if (reply.ok) task.resolve({ frame: reply.frame, meta: reply.meta });
    else task.reject(new AppError(reply.error.code, { userMessage: reply.error.userMessage, message: reply.error.message, details: reply.error.details }));
    this.pump();
  }

  /** A worker died (out of memory, crashed, terminated for time): fail its task, replace it. */
  private fail(slot: Slot, error: Error & { code?: string }): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    const task = slot.task;
    this.finish(slot);
    this.slots.splice(index, 1);
    void slot.worker.terminate();
    if (task) {
      const outOfMemory = error.code === "ERR_WORKER_OUT_OF_MEMORY";
      const userMessage = outOfMemory ? "The frame needs more memory to decode than the server allows." : "The frame could not be decoded (its decoder stopped).";
      task.reject(new AppError(outOfMemory ? "TOO_LARGE" : "INTERNAL", { userMessage, message: error.message, cause: error }));
    }
    if (this.slots.length < this.size) this.slots.push(this.spawn());
    this.pump();
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.timer = setTimeout(() => {
        const timedOut = new AppError("SERVER_BUSY", { userMessage: `The frame took longer than ${FRAME_DECODE_TIMEOUT_MS / 1000} s to decode; try again in a moment.` });
        slot.task = null;
        task.reject(timedOut);
        this.fail(slot, timedOut);
      }, FRAME_DECODE_TIMEOUT_MS);
      const copy = new Uint8Array(task.bytes);
      slot.worker.postMessage({ id: task.id, bytes: copy, frameIndex: task.frameIndex }, [copy.buffer]);
    }
  }
}

const globalForPool = globalThis as unknown as { discernFramePool?: FrameDecoderPool | null };

function workerCount(): number {
  const configured = env().DISCERN_FRAME_WORKERS;
  if (configured !== undefined) return configured;
  return Math.min(2, Math.max(1, os.availableParallelism() - 1));
}

/**
 * Decodes frame `frameIndex` (0-based) of the stored DICOM file `bytes` in a worker thread (or
 * inline with DISCERN_FRAME_WORKERS=0). Rejects with lib/dicom's AppErrors, TOO_LARGE when the
 * worker runs out of memory, SERVER_BUSY when it runs out of time.
 */
export function decodeFrameOffThread(bytes: Buffer, frameIndex: number): Promise<DecodedStoredFrame> {
  if (globalForPool.discernFramePool === undefined) {
    const count = workerCount();
    globalForPool.discernFramePool = count > 0 ? new FrameDecoderPool(count) : null;
  }
  const pool = globalForPool.discernFramePool;
  return pool ? pool.decode(bytes, frameIndex) : decodeStoredFrame(bytes, frameIndex);
}
