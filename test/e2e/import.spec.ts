import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { loginInBrowser } from "./helpers";

const FIXTURES = path.resolve(__dirname, "../fixtures/dicom");
const SCRIPT_TEXT = '<script>alert("discern")</script>';

/** A dropped folder as a radiologist would have it: images in subfolders, a note and a broken file beside them. */
function makeFolder(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "discern-e2e-upload-"));
  const dir = path.join(root, "case-17");
  mkdirSync(path.join(dir, "ax"), { recursive: true });
  copyFileSync(path.join(FIXTURES, "fodicom/GH1339.dcm"), path.join(dir, "ax", "IM0001.dcm"));
  copyFileSync(path.join(FIXTURES, "generated/script-tag.dcm"), path.join(dir, "ax", "IM0002.dcm"));
  copyFileSync(path.join(FIXTURES, "generated/truncated-header.dcm"), path.join(dir, "IM0003.dcm"));
  copyFileSync(path.join(FIXTURES, "generated/notes.txt"), path.join(dir, "notes.txt"));
  return dir;
}

test("[IMPORT] uploads a folder with a bad file and shows each outcome", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await loginInBrowser(page, "RADIOLOGIST");
  await page.goto("/import");
  const folderInput = page.getByTestId("folder-input");
  // The attribute is set once the uploader has hydrated, so its change handler is attached.
  await expect(folderInput).toHaveAttribute("webkitdirectory", "");
  await folderInput.setInputFiles(makeFolder());

  await expect(page.getByTestId("import-status")).toHaveText("Done: 2 imported, 0 duplicate, 2 rejected.", { timeout: 30_000 });
  await expect(page.getByTestId("import-progress")).toContainText("4 / 4 files processed");
  const table = page.getByTestId("import-outcomes");
  const rowOf = (name: string) => table.locator("tr", { hasText: name });
  await expect(rowOf("ax/IM0001.dcm")).toContainText("imported");
  await expect(rowOf("ax/IM0001.dcm")).toContainText("t2_tse_tra");
  await expect(rowOf("ax/IM0002.dcm")).toContainText("imported");
  await expect(rowOf("IM0003.dcm")).toContainText("rejected");
  await expect(rowOf("IM0003.dcm")).toContainText("truncated");
  await expect(rowOf("notes.txt")).toContainText("rejected");
  await expect(rowOf("notes.txt")).toContainText("not DICOM");

  // The DICOM text is shown literally and nothing in it ran.
  await expect(table.getByRole("cell", { name: SCRIPT_TEXT, exact: true })).toBeVisible();
  expect(await page.locator("script", { hasText: 'alert("discern")' }).count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test("[IMPORT] the API imports a multipart upload and serves its frames with ETag and 304", async ({ page }) => {
  await loginInBrowser(page, "RADIOLOGIST");
  const upload = await page.request.post("/api/import", {
    multipart: { files: { name: "GH1339.dcm", mimeType: "application/dicom", buffer: readFileSync(path.join(FIXTURES, "fodicom/GH1339.dcm")) } },
  });
  expect(upload.status()).toBe(200);
  const summary = (await upload.json()) as { files: Array<{ status: string; studyInstanceUid: string }> };
  expect(["imported", "already-imported"]).toContain(summary.files[0]?.status);

  const studies = (await (await page.request.get("/api/studies")).json()) as { studies: Array<{ id: string; studyInstanceUid: string }> };
  const study = studies.studies.find((s) => s.studyInstanceUid === summary.files[0]?.studyInstanceUid);
  expect(study).toBeDefined();
  const images = (await (await page.request.get(`/api/studies/${study?.id}/images`)).json()) as { series: Array<{ instances: Array<{ frameUrl: string }> }> };
  const frameUrl = images.series[0]?.instances[0]?.frameUrl ?? "";
  const frame = await page.request.get(frameUrl);
  expect(frame.status()).toBe(200);
  expect(frame.headers()["x-rows"]).toBe("320");
  expect((await frame.body()).length).toBe(320 * 320 * 2);
  const etag = frame.headers()["etag"] ?? "";
  const cached = await page.request.get(frameUrl, { headers: { "If-None-Match": etag } });
  expect(cached.status()).toBe(304);
});
