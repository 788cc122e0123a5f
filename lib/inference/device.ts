import { AppError } from "../errors/app-error";

/** Execution providers discern asks onnxruntime-node for; cpu is the default and the fallback. */
export const INFERENCE_DEVICES = ["cpu", "webgpu", "cuda"] as const;
export type TInferenceDevice = (typeof INFERENCE_DEVICES)[number];

function isDevice(value: string): value is TInferenceDevice {
  return (INFERENCE_DEVICES as readonly string[]).includes(value);
}

/**
 * The requested device: an explicit flag wins, then DISCERN_DEVICE, then "cpu". An unknown name
 * is a usage error (the CLI exits 2), not a silent cpu run.
 */
export function resolveDevice(
  flag?: string,
  env: Record<string, string | undefined> = process.env,
): TInferenceDevice {
  const value = (flag ?? env.DISCERN_DEVICE ?? "cpu").trim().toLowerCase();
  if (value === "") return "cpu";
  if (!isDevice(value)) {
    throw new AppError("BAD_USAGE", {
      userMessage: `Unknown device "${value}"; use one of ${INFERENCE_DEVICES.join(", ")}.`,
    });
  }
  return value;
}
