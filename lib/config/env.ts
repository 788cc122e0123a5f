import { z } from "zod";
import { secretWeakness } from "../auth/secret-strength";
import { AppError } from "../errors/app-error";

/**
 * The environment, parsed once with zod. A production start (NODE_ENV=production without
 * DISCERN_DEMO=1) refuses a missing, short or low-entropy NEXTAUTH_SECRET (lib/auth/secret-strength);
 * demo mode fills what it lacks.
 */
const ZEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().url().optional(),
    NEXTAUTH_SECRET: z.string().optional(),
    NEXTAUTH_URL: z.string().url().optional(),
    DISCERN_DEMO: z.enum(["0", "1"]).default("0"),
    DISCERN_STORAGE_ROOT: z.string().default(".data/storage"),
    DISCERN_DEVICE: z.enum(["cpu", "webgpu", "cuda"]).default("cpu"),
    DISCERN_MODELS_DIR: z.string().default("models"),
    DISCERN_LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
    DISCERN_LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
    /** Login attempts per client address per window, all accounts together (a ward shares one). */
    DISCERN_LOGIN_MAX_PER_IP: z.coerce.number().int().positive().default(30),
    /** Worker threads decoding frames for the frame API (0: decode inline); default min(2, cores − 1). */
    DISCERN_FRAME_WORKERS: z.coerce.number().int().min(0).max(16).optional(),
  })
  .superRefine((env, ctx) => {
    // `next build` runs with NODE_ENV=production but serves nobody: the start checks apply at start.
    const isBuild = process.env.NEXT_PHASE === "phase-production-build";
    const isProduction = env.NODE_ENV === "production" && env.DISCERN_DEMO !== "1" && !isBuild;
    if (isProduction && (!env.NEXTAUTH_SECRET || env.NEXTAUTH_SECRET.length < 32)) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message: "a production start needs NEXTAUTH_SECRET of at least 32 characters",
      });
    } else if (isProduction && env.NEXTAUTH_SECRET) {
      // A guessable secret lets anyone forge an admin's session offline (issue 18).
      const weakness = secretWeakness(env.NEXTAUTH_SECRET);
      if (weakness) ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: `NEXTAUTH_SECRET is too weak for production: ${weakness}` });
    }
    if (isProduction && !env.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "a production start needs DATABASE_URL" });
    }
  });

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

export function parseEnv(source: NodeJS.ProcessEnv = process.env): TEnv {
  const result = ZEnv.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`).join("; ");
    throw new AppError("CONFIG_INVALID", { userMessage: `Invalid environment (${problems}).` });
  }
  return result.data;
}

/** The parsed environment, read once per process. */
export function env(): TEnv {
  cached ??= parseEnv();
  return cached;
}

export function isDemoMode(): boolean {
  return env().DISCERN_DEMO === "1";
}

export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/discern";

export function databaseUrl(): string {
  return env().DATABASE_URL ?? DEFAULT_DATABASE_URL;
}
