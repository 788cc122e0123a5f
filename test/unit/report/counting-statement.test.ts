import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildFhir } from "@/lib/report/build-fhir";
import { buildPdf } from "@/lib/report/build-pdf";
import { countingStatement, reportCounting } from "@/lib/report/counting-statement";
import { sampleReportData } from "./sample-report-data";

const counting = { task: "vertebra-detection", output: { format: "centernet", assignment: { method: "count-from-sacrum" } } };
const appearance = { task: "vertebra-detection", output: { format: "centernet", assignment: { method: "exclusive-max-total-score" } } };

describe("reportCounting", () => {
  it("reads the basis from the vertebra detector's manifest and the flags from the slice levels", () => {
    expect(reportCounting(counting, [["off-disc"], []], true)).toEqual({ basis: "sacrum", flags: [] });
    expect(reportCounting(counting, [["counting-uncertain", "off-disc"], ["transitional-vertebra-suspected"]], true)).toEqual({
      basis: "sacrum",
      flags: ["counting-uncertain", "transitional-vertebra-suspected"],
    });
    // A counting detector that named nothing (no sacrum): basis none.
    expect(reportCounting(counting, [["counting-uncertain"]], false)).toEqual({ basis: "none", flags: ["counting-uncertain"] });
    expect(reportCounting(appearance, [], true)).toEqual({ basis: "appearance", flags: [] });
    expect(reportCounting(null, [], false)).toEqual({ basis: null, flags: [] });
    // A stand-in that is not a detector (the phantom-truth fixture) says nothing about counting.
    expect(reportCounting({ note: "phantom truth" }, [], true)).toEqual({ basis: null, flags: [] });
  });
});

describe("countingStatement", () => {
  it("states the basis first, then one sentence per flag", () => {
    expect(countingStatement({ basis: "sacrum", flags: [] })).toEqual(["Levels counted from the sacrum (S1 upwards)."]);
    const flagged = countingStatement({ basis: "sacrum", flags: ["transitional-vertebra-suspected", "counting-uncertain"] });
    expect(flagged).toHaveLength(3);
    expect(flagged[1]).toMatch(/^The count was uncertain/);
    expect(flagged[2]).toMatch(/transitional vertebra is suspected/);
    expect(countingStatement({ basis: "appearance", flags: [] })[0]).toMatch(/not counted from the sacrum/);
    expect(countingStatement(null)).toEqual([]);
    expect(countingStatement({ basis: null, flags: [] })).toEqual([]);
  });

  it("appears in the FHIR conclusion and under the PDF's level table", async () => {
    const data = { ...sampleReportData(), counting: { basis: "sacrum" as const, flags: ["transitional-vertebra-suspected"] } };
    const conclusion = buildFhir(data).entry.map((e: { resource: { resourceType: string; conclusion?: string } }) => e.resource).find((r) => r.resourceType === "DiagnosticReport")!.conclusion!;
    expect(conclusion).toMatch(/\. Levels counted from the sacrum \(S1 upwards\)\. A lumbosacral transitional vertebra is suspected/);
    // Without counting data the conclusion is the findings alone, as before.
    const plain = buildFhir(sampleReportData()).entry.map((e: { resource: { resourceType: string; conclusion?: string } }) => e.resource).find((r) => r.resourceType === "DiagnosticReport")!.conclusion!;
    expect(plain).not.toMatch(/sacrum/);

    const tmp = mkdtempSync(path.join(os.tmpdir(), "report-counting-"));
    try {
      const file = path.join(tmp, "r.pdf");
      writeFileSync(file, await buildPdf(data, []));
      const text = execFileSync("/usr/bin/pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
      expect(text).toMatch(/Levels counted from the sacrum \(S1 upwards\)\./);
      expect(text).toMatch(/transitional vertebra is suspected/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
