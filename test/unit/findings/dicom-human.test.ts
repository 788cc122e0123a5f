import { describe, expect, it } from "vitest";
import { dicomDateOf, personNameOf } from "@/lib/format/dicom-human";

describe("personNameOf (PS3.5 6.2 PN)", () => {
  it("writes family, given", () => {
    expect(personNameOf("Doe^Jane")).toBe("Doe, Jane");
    expect(personNameOf("PHANTOM^201")).toBe("PHANTOM, 201");
    expect(personNameOf("Doe^Jane^Quinn^Dr^Jr")).toBe("Doe, Dr Jane Quinn, Jr");
    expect(personNameOf("Doe")).toBe("Doe");
    expect(personNameOf("^Jane")).toBe("Jane");
  });
  it("uses the first non-empty component group and drops control characters", () => {
    expect(personNameOf("Yamada^Tarou=山田^太郎=やまだ^たろう")).toBe("Yamada, Tarou");
    expect(personNameOf("=山田^太郎")).toBe("山田, 太郎");
    expect(personNameOf("Doe^Jane\u0007")).toBe("Doe, Jane");
    expect(personNameOf("")).toBeNull();
    expect(personNameOf("^^^")).toBeNull();
  });
});

describe("dicomDateOf (DA)", () => {
  it("writes ISO dates", () => {
    expect(dicomDateOf("20240720")).toBe("2024-07-20");
    expect(dicomDateOf("2024.07.20")).toBe("2024-07-20");
    expect(dicomDateOf(null)).toBeNull();
    expect(dicomDateOf("unknown")).toBe("unknown");
  });
});
