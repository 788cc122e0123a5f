import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../../../lib/auth/safe-redirect";

/**
 * The `from` values as the login page receives them (searchParams has decoded the query once),
 * with where a browser would go. Written from the WHATWG URL rules, not from the function.
 */
describe("[AUTH] login redirect targets", () => {
  it.each([
    ["/worklist", "/worklist"],
    ["/studies/abc?tab=history#L4", "/studies/abc?tab=history#L4"],
    ["/studies/a%20b", "/studies/a%20b"],
  ])("keeps the same-origin path %s", (from, expected) => {
    expect(safeRedirectPath(from)).toBe(expected);
  });

  it.each([
    ["//evil.example", "protocol-relative URL"],
    ["https://evil.example/", "absolute URL"],
    ["/\\evil.example", "backslash, read as / by browsers"],
    ["/\\/evil.example", "backslash then slash"],
    ["/\t/evil.example", "tab dropped by browsers, leaving //"],
    ["/\n/evil.example", "newline dropped by browsers"],
    ["/%5Cevil.example", "encoded backslash (from=/%255C… arriving once-decoded)"],
    ["/%09/evil.example", "encoded tab"],
    ["/%2F/evil.example", "encoded second slash"],
    ["javascript:alert(1)", "script URL"],
    ["evil.example", "relative without a slash"],
    ["", "empty"],
    ["/%E0%A4%A", "malformed percent-encoding"],
  ])("refuses %j (%s)", (from) => {
    expect(safeRedirectPath(from)).toBeNull();
  });

  it("refuses nothing-at-all and absurdly long values", () => {
    expect(safeRedirectPath(undefined)).toBeNull();
    expect(safeRedirectPath(`/${"a".repeat(3000)}`)).toBeNull();
  });
});
