import { describe, expect, it } from "vitest";
import { parseEnv } from "../../../lib/config/env";
import { estimatedEntropyBits, secretWeakness } from "../../../lib/auth/secret-strength";

const production = (secret: string) => ({ NODE_ENV: "production", DATABASE_URL: "postgresql://db/discern", NEXTAUTH_SECRET: secret }) as unknown as NodeJS.ProcessEnv;

describe("[AUTH] production refuses weak session secrets (issue 18)", () => {
  it.each([
    ["a".repeat(32), /one character/],
    ["ab".repeat(20), /2-character pattern/],
    ["0123456789".repeat(4), /10-character pattern/],
    ["discern-development-secret-not-for-production-use", /published/],
    ["changeme-changeme-changeme-changeme!", /published|pattern/],
    ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", /bits of entropy/],
    ["short-secret", /shorter than 32/],
  ])("refuses %j", (secret, why) => {
    expect(secretWeakness(secret)).toMatch(why);
    expect(() => parseEnv(production(secret))).toThrow(/NEXTAUTH_SECRET/);
  });

  it.each([
    ["base64 of 32 random bytes", "q9Xy7Lr2tV0pKc1mZ8sH4wB6nJ3dFgA5eU0iOaQ7RkM="],
    ["64 hex digits", "3f9a1c7e5b2d4086a1f3c5e7092b4d6f8a0c2e4f6a8b0d2c4e6f8091a3b5c7d9"],
  ])("accepts %s", (_what, secret) => {
    expect(secretWeakness(secret)).toBeNull();
    expect(parseEnv(production(secret)).NEXTAUTH_SECRET).toBe(secret);
  });

  it("estimates entropy from character frequencies (0 for one repeated character, 5 bits per char for 32 distinct)", () => {
    expect(estimatedEntropyBits("a".repeat(32))).toBe(0);
    expect(estimatedEntropyBits("abcdefghijklmnopqrstuvwxyz012345")).toBeCloseTo(160, 6);
  });

  it("leaves development and demo starts alone", () => {
    expect(() => parseEnv({ NODE_ENV: "development", NEXTAUTH_SECRET: "a".repeat(32) } as unknown as NodeJS.ProcessEnv)).not.toThrow();
    expect(() => parseEnv({ NODE_ENV: "production", DISCERN_DEMO: "1", NEXTAUTH_SECRET: "a".repeat(32) } as unknown as NodeJS.ProcessEnv)).not.toThrow();
  });
});
