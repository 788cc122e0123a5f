import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined }) }));
const { default: PageError } = await import("../../../app/error");

describe("[RESILIENCE] a page whose server rendering fails (issue 18)", () => {
  it("shows one sentence, the digest to quote and a retry, and never the error's message", () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432 for patient "DOE^JANE"'), { digest: "2841763096" });
    const html = renderToStaticMarkup(createElement(PageError, { error, reset: () => undefined }));
    expect(html).toContain("This page could not be shown");
    expect(html).toContain("nothing you saved is lost");
    expect(html).toContain("Reference: 2841763096");
    expect(html).toMatch(/<button type="button">Try again<\/button>/);
    expect(html).not.toContain("ECONNREFUSED");
    expect(html).not.toContain("DOE^JANE");
  });
});
