import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, httpStatusOf, toAppError } from "@/lib/errors/app-error";

describe("toAppError", () => {
  it("turns a zod failure into one 422 sentence naming the first problem's path", () => {
    const parsed = z.object({ box: z.array(z.number()).length(4) }).safeParse({ box: [1, 2, "3", 4] });
    expect(parsed.success).toBe(false);
    const error = toAppError(parsed.success ? null : parsed.error);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("INVALID_INPUT");
    expect(httpStatusOf(error.code)).toBe(422);
    expect(error.userMessage).toMatch(/^Invalid input \(box\.2: .+\)\.$/);
  });

  it("does not take another error named like zod's, or a plain Error, for a zod failure", () => {
    const lookalike = Object.assign(new Error("x"), { name: "ZodError" });
    expect(toAppError(lookalike).code).toBe("INTERNAL");
    expect(toAppError(new Error("boom"), "INVALID_INPUT").code).toBe("INVALID_INPUT");
    expect(toAppError("text").code).toBe("INTERNAL");
  });
});

describe("toAppError and values PostgreSQL refuses", () => {
  it("answers a NUL byte or invalid UTF-8 that reached the database 422, not 500 (SQLSTATE 22021 in the adapter's cause)", () => {
    // The shape Prisma's pg adapter throws for `where: { id: "a\u0000b" }` (seen on PostgreSQL 15).
    const adapterError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      name: "DriverAdapterError",
      cause: { originalCode: "22021", kind: "postgres", code: "22021", message: 'invalid byte sequence for encoding "UTF8": 0x00' },
    });
    const error = toAppError(adapterError);
    expect(error.code).toBe("INVALID_INPUT");
    expect(httpStatusOf(error.code)).toBe(422);
    expect(toAppError(Object.assign(new Error("unique"), { cause: { code: "23505" } })).code).toBe("INTERNAL");
  });
});
