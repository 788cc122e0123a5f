import { describe, expect, it } from "vitest";
import { ZIdParam } from "../../../lib/review/api-schemas";

describe("ZIdParam: ids in paths and bodies (GET /api/datasets/:versionId/studies answered 500 for %00)", () => {
  it("refuses control characters and keeps ordinary ids", () => {
    expect(ZIdParam.safeParse("cmx34hh4nf7cf8b285288ad149f").success).toBe(true);
    expect(ZIdParam.safeParse("no-such-study").success).toBe(true);
    for (const bad of ["\u0000", "a\u0000b", "id\n", "\u007f", ""]) expect([bad, ZIdParam.safeParse(bad).success]).toEqual([bad, false]);
  });
});
