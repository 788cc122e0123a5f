import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { importUpload } from "../../lib/studies/import-upload";
import { makeUser, resetDatabase } from "./helpers";
import { makeZip } from "./zip-writer";

const FIXTURES = path.resolve(__dirname, "../fixtures/dicom");

function multipart(files: Array<{ name: string; data: Buffer }>): Request {
  const form = new FormData();
  for (const f of files) form.append("files", new Blob([new Uint8Array(f.data)]), f.name);
  return new Request("http://test/api/import", { method: "POST", body: form });
}

describe("[IMPORT] importUpload (POST /api/import)", () => {
  beforeEach(resetDatabase);
  afterAll(() => db().$disconnect());

  it("reports every uploaded file under the name the browser sent, opens zips, refuses oversized files", async () => {
    const user = await makeUser("RADIOLOGIST");
    const lumbar = await readFile(path.join(FIXTURES, "fodicom/GH1339.dcm"));
    const ct = await readFile(path.join(FIXTURES, "cswil/CTImage.dcm"));
    const request = multipart([
      { name: "case/ax/IM1.dcm", data: lumbar },
      { name: "../../etc/notes.txt", data: Buffer.from("not dicom") },
      { name: "more.zip", data: makeZip([{ name: "ct/CTImage.dcm", data: ct }]) },
      { name: "big.dcm", data: Buffer.alloc(4096) },
    ]);
    const summary = await importUpload({ request, actorId: user.id, limits: { maxFileBytes: 1024 * 1024, maxFiles: 10, maxRequestBytes: 10 * 1024 * 1024 } });
    const byPath = Object.fromEntries(summary.files.map((f) => [f.path, f.status === "skipped" ? f.reason : f.status]));
    expect(byPath["case/ax/IM1.dcm"]).toBe("imported");
    expect(byPath["more.zip/ct/CTImage.dcm"]).toBe("imported");
    expect(byPath["../../etc/notes.txt"]).toMatch(/not DICOM/);
    expect(byPath["big.dcm"]).toMatch(/too short|not DICOM/);
    expect(summary.counts).toMatchObject({ files: 4, imported: 2, skipped: 2 });
    expect(await db().auditEvent.count({ where: { type: "STUDY_IMPORTED", actorId: user.id } })).toBe(2);

    const tooBig = multipart([{ name: "huge.dcm", data: Buffer.alloc(2048) }]);
    const refused = await importUpload({ request: tooBig, actorId: user.id, limits: { maxFileBytes: 1024, maxFiles: 10, maxRequestBytes: 1024 * 1024 } });
    expect(refused.files).toEqual([{ path: "huge.dcm", status: "skipped", reason: "The file is larger than the upload limit of 1024 bytes." }]);
  });

  it("refuses a request that is not multipart, and one with too many files", async () => {
    const user = await makeUser("RADIOLOGIST");
    const json = new Request("http://test/api/import", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    await expect(importUpload({ request: json, actorId: user.id })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const many = multipart([1, 2, 3].map((i) => ({ name: `f${i}.dcm`, data: Buffer.from("x") })));
    await expect(importUpload({ request: many, actorId: user.id, limits: { maxFileBytes: 1024, maxFiles: 2, maxRequestBytes: 1024 * 1024 } })).rejects.toMatchObject({ code: "TOO_LARGE" });
  });
});
