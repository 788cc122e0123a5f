import { describe, expect, it } from "vitest";
import { stowOutcome } from "../../../lib/pacs/stow-outcome";

const ref = (uid: string) => ({ "00081150": { vr: "UI", Value: ["1.2.840.10008.5.1.4.1.1.88.33"] }, "00081155": { vr: "UI", Value: [uid] } });

describe("STOW-RS response (PS3.18 10.5.3)", () => {
  it("all referenced: stored, nothing failed (Orthanc answers a JSON object)", () => {
    const body = JSON.stringify({ "00081199": { vr: "SQ", Value: [ref("1.1"), ref("1.2")] } });
    expect(stowOutcome(body, ["1.1", "1.2"])).toEqual({ stored: ["1.1", "1.2"], failed: [] });
  });

  it("a Failed SOP Sequence with a reason is a partial failure, even on 200/202 (array form)", () => {
    const body = [{ "00081199": { vr: "SQ", Value: [ref("1.1")] }, "00081198": { vr: "SQ", Value: [{ ...ref("1.2"), "00081197": { vr: "US", Value: [0xa700] } }] } }];
    expect(stowOutcome(body, ["1.1", "1.2"])).toEqual({ stored: ["1.1"], failed: [{ sopInstanceUid: "1.2", reason: 0xa700 }] });
  });

  it("a referenced list that leaves one out: that one is not counted as stored", () => {
    expect(stowOutcome({ "00081199": { vr: "SQ", Value: [ref("1.2")] } }, ["1.1", "1.2"]).stored).toEqual(["1.2"]);
  });

  it("an empty or non-JSON body on success counts as all stored", () => {
    expect(stowOutcome("", ["1.1"])).toEqual({ stored: ["1.1"], failed: [] });
    expect(stowOutcome("<html>ok</html>", ["1.1"])).toEqual({ stored: ["1.1"], failed: [] });
  });
});
