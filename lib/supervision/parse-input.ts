import type { z } from "zod";
import { AppError } from "../errors/app-error";

/** Parses lib input with a zod schema; a mismatch is INVALID_INPUT (422) with the first problem, never a bare ZodError. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where = first?.path.length ? `${first.path.join(".")}: ` : "";
  throw new AppError("INVALID_INPUT", { userMessage: `Invalid input (${where}${first?.message ?? "unknown problem"}).` });
}
