import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "@/lib/http/cross-site";

const h = (entries: Record<string, string>) => new Headers(entries);

describe("crossSiteRefusal (Fetch Metadata, then Origin)", () => {
  it("lets safe methods through whatever their origin", () => {
    expect(crossSiteRefusal("GET", h({ "sec-fetch-site": "cross-site" }))).toBeNull();
    expect(crossSiteRefusal("HEAD", h({ origin: "https://evil.example" }))).toBeNull();
  });

  it("refuses a state change from another site or another origin of the same site (another port)", () => {
    expect(crossSiteRefusal("POST", h({ "sec-fetch-site": "cross-site" }))).toBe("a cross-site request");
    expect(crossSiteRefusal("DELETE", h({ "sec-fetch-site": "same-site", host: "127.0.0.1:3000" }))).toBe("a same-site request");
    expect(crossSiteRefusal("post", h({ origin: "http://127.0.0.1:3241", host: "127.0.0.1:3240" }))).toBe("a request from 127.0.0.1:3241");
    expect(crossSiteRefusal("PATCH", h({ origin: "null", host: "discern.example" }))).toBe("a request from an opaque origin");
    expect(crossSiteRefusal("PUT", h({ origin: "not a url", host: "discern.example" }))).toBe("a request with an unreadable Origin");
  });

  it("lets same-origin browsers, user-started requests and clients without these headers through", () => {
    expect(crossSiteRefusal("POST", h({ "sec-fetch-site": "same-origin", origin: "https://discern.example" }))).toBeNull();
    expect(crossSiteRefusal("POST", h({ "sec-fetch-site": "none" }))).toBeNull();
    expect(crossSiteRefusal("POST", h({ origin: "https://discern.example", host: "discern.example" }))).toBeNull();
    expect(crossSiteRefusal("POST", h({ origin: "https://discern.example", host: "10.0.0.5:3000", "x-forwarded-host": "discern.example" }))).toBeNull();
    expect(crossSiteRefusal("POST", h({}))).toBeNull();
  });
});
