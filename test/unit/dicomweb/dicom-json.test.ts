import { describe, expect, it } from "vitest";
import { attr, dcmjsToJson, maskIdentity } from "../../../lib/dicomweb/dicom-json";

describe("DICOM JSON for discern's DICOMweb service (PS3.18 F.2)", () => {
  it("attr: PN as Alphabetic, numbers for numeric VRs, empty values present and empty (Type 2)", () => {
    expect(attr("PN", "Doe^Jane")).toEqual({ vr: "PN", Value: [{ Alphabetic: "Doe^Jane" }] });
    expect(attr("IS", "12")).toEqual({ vr: "IS", Value: [12] });
    expect(attr("DA", null)).toEqual({ vr: "DA" });
    expect(attr("LO", "")).toEqual({ vr: "LO" });
  });

  it("maskIdentity: name and ID become the pseudonym, other identifying attributes empty, UIDs and images untouched", () => {
    const ds = {
      "00100010": attr("PN", "Doe^Jane"),
      "00100020": attr("LO", "MRN-1"),
      "00100030": attr("DA", "19600101"),
      "00080050": attr("SH", "ACC-9"),
      "00080090": attr("PN", "House^Gregory"),
      "0020000D": attr("UI", "1.2.3"),
      "00280010": attr("US", 256),
    };
    const masked = maskIdentity(structuredClone(ds), "Study ABCD-EFGH");
    expect(masked["00100010"]).toEqual({ vr: "PN", Value: [{ Alphabetic: "Study ABCD-EFGH" }] });
    expect(masked["00100020"]).toEqual({ vr: "LO", Value: ["Study ABCD-EFGH"] });
    expect([masked["00100030"], masked["00080050"], masked["00080090"]]).toEqual([{ vr: "DA" }, { vr: "SH" }, { vr: "PN" }]);
    expect([masked["0020000D"], masked["00280010"]]).toEqual([ds["0020000D"], ds["00280010"]]);
    expect(JSON.stringify(masked)).not.toMatch(/Doe|MRN-1|1960|ACC-9|House/);
  });

  it("dcmjsToJson: small binary inline (base64), Pixel Data and large binary as BulkDataURI, sequences item by item, bare values wrapped", () => {
    const small = new Uint8Array([1, 2, 3, 4]).buffer;
    const large = new Uint8Array(2048).buffer;
    const json = dcmjsToJson(
      {
        "00020001": { vr: "OB", Value: [small] },
        "00291010": { vr: "OB", Value: [large] },
        "7FE00010": { vr: "OW", Value: [small] },
        "00081115": { vr: "SQ", Value: [{ "0020000E": { vr: "UI", Value: ["1.2.3.4"] } }] },
        "00280030": { vr: "DS", Value: [0.5, 0.5] },
        "00081030": { vr: "LO", Value: [""] },
        "00090010": { vr: "OB", Value: small as unknown as unknown[] },
      },
      (tag) => `bulk/${tag}`,
    );
    expect(json["00020001"]).toEqual({ vr: "OB", InlineBinary: "AQIDBA==" });
    expect(json["00291010"]).toEqual({ vr: "OB", BulkDataURI: "bulk/00291010" });
    expect(json["7FE00010"]).toEqual({ vr: "OW", BulkDataURI: "bulk/7FE00010" });
    expect(json["00081115"]).toEqual({ vr: "SQ", Value: [{ "0020000E": { vr: "UI", Value: ["1.2.3.4"] } }] });
    expect(json["00280030"]).toEqual({ vr: "DS", Value: [0.5, 0.5] });
    expect(json["00081030"]).toEqual({ vr: "LO" });
    expect(json["00090010"]).toEqual({ vr: "OB", InlineBinary: "AQIDBA==" });
  });
});
