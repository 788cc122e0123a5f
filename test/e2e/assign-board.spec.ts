import { expect, test, type Page } from "@playwright/test";
import { loginInBrowser } from "./helpers";

/**
 * The supervisor's assignment board (issue 17.4): identifiers on every row, filters, bulk
 * assignment. Seeded data (lib/demo/seed-demo): phantoms PH000101–104 (review demo, used by the
 * review, viewer and supervision specs), PH000201–202 (pipeline demo: assigned here, to Rex Reader,
 * whom no spec logs in as), PH009104 waiting for an adjudicator (its readers: Rita and Rex).
 */

interface TWorklistRow {
  id: string;
  patientId: string;
  accessionNumber: string | null;
  description: string | null;
  studyDate: string | null;
  reviewState: string;
}

async function worklistRows(page: Page): Promise<TWorklistRow[]> {
  return ((await (await page.request.get("/api/worklist")).json()) as { rows: TWorklistRow[] }).rows;
}

const rowOf = (page: Page, id: string) => page.getByTestId("assignment-board").locator(`tbody tr[data-study-id="${id}"]`);

test("[SUPERVISION] the assignment board shows patient ID, accession, description and a readable date on every row", async ({ page }) => {
  await loginInBrowser(page, "SUPERVISOR");
  const open = (await worklistRows(page)).filter((r) => r.reviewState !== "SIGNED");
  expect(open.length).toBeGreaterThanOrEqual(7);
  await page.goto("/supervisor/assign");
  await expect(page.getByTestId("assignment-board").locator("tbody tr")).toHaveCount(open.length);
  for (const study of open) {
    const row = rowOf(page, study.id);
    await expect(row.getByTestId("board-patient")).toContainText(study.patientId);
    await expect(row.getByTestId("board-accession")).toHaveText(study.accessionNumber!);
    await expect(row).toContainText(study.description!);
    const raw = study.studyDate!;
    await expect(row).toContainText(`${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`);
    await expect(row).not.toContainText(raw);
    await expect(row).toContainText(/MR · \d+ series/);
  }
  await expect(rowOf(page, open.find((r) => r.patientId === "PH000201")!.id).getByTestId("board-accession")).toHaveText("PHA0000201");
});

test("[SUPERVISION] bulk-assigns two studies in one action; a refusal names the study that blocked it and assigns nothing", async ({ page }) => {
  await loginInBrowser(page, "SUPERVISOR");
  const rows = await worklistRows(page);
  const idOf = (patientId: string) => rows.find((r) => r.patientId === patientId)!.id;
  const [s201, s202, s9104] = [idOf("PH000201"), idOf("PH000202"), idOf("PH009104")];
  await page.goto("/supervisor/assign");
  const board = page.getByTestId("assignment-board");
  const bulk = page.getByRole("form", { name: "Assign the selected studies" });

  // Two studies to read and one in adjudication; Rex read PH009104, so he cannot adjudicate it.
  for (const accession of ["PHA0000201", "PHA0000202", "PHA0009104"]) await board.getByLabel(new RegExp(`^Select .*\\(${accession}\\)$`)).check();
  await expect(page.getByTestId("bulk-count")).toHaveText("3 selected (1 in adjudication)");
  // By name: each select's accessible name includes its selected option (the label wraps it).
  await bulk.locator('select[name="bulkDesign"]').selectOption("SINGLE");
  await bulk.locator('select[name="bulkReader1"]').selectOption({ label: "Rex Reader (radiologist)" });
  await bulk.locator('select[name="bulkAdjudicator"]').selectOption({ label: "Rex Reader (radiologist)" });
  await bulk.getByRole("button", { name: "Assign 3 studies" }).click();
  await expect(page.getByTestId("assign-status")).toHaveText(
    "Nothing was assigned because of accession PHA0009104 (patient PH009104): the adjudicator must be a third reader, not one of the two who disagreed.",
  );
  // (Every row's own form lists the readers, so look for the reading line, not the name.)
  for (const id of [s201, s202]) await expect(rowOf(page, id)).not.toContainText("primary: Rex Reader");

  // Without the adjudication study: both assigned in one action.
  await board.getByLabel(/^Select .*\(PHA0009104\)$/).uncheck();
  await expect(page.getByTestId("bulk-count")).toHaveText("2 selected");
  await bulk.locator('select[name="bulkReader1"]').selectOption({ label: "Rex Reader (radiologist)" });
  await bulk.getByRole("button", { name: "Assign 2 studies" }).click();
  await expect(page.getByTestId("assign-status")).toHaveText("Assigned 2 studies.");
  for (const id of [s201, s202]) await expect(rowOf(page, id)).toContainText("primary: Rex Reader · assigned");
  await expect(rowOf(page, s9104)).not.toContainText("adjudication: Rex Reader");
  await expect(page.getByTestId("bulk-none")).toBeVisible();
  await page.screenshot({ path: "test-results/assign-board/bulk-assigned.png", fullPage: true });
});

test("[SUPERVISION] the board filters by search, status, assigned reader and unassigned; j/k, x and Enter work as in the worklist", async ({ page }) => {
  await loginInBrowser(page, "SUPERVISOR");
  const rows = await worklistRows(page);
  const idOf = (patientId: string) => rows.find((r) => r.patientId === patientId)!.id;
  const total = rows.filter((r) => r.reviewState !== "SIGNED").length;
  await page.goto("/supervisor/assign");
  const body = page.getByTestId("assignment-board").locator("tbody tr");
  await expect(body).toHaveCount(total);

  const search = page.getByTestId("board-search");
  await search.fill("pha0000202");
  await expect(body).toHaveCount(1);
  await expect(body.first()).toHaveAttribute("data-study-id", idOf("PH000202"));
  await search.fill("PH000104");
  await expect(body).toHaveCount(1);
  await expect(body.first()).toHaveAttribute("data-study-id", idOf("PH000104"));
  await search.fill("");
  await expect(page.getByTestId("board-count")).toContainText(`${total} of ${total}`);

  await page.getByTestId("board-state").selectOption("ADJUDICATION");
  await expect(body).toHaveCount(1);
  await expect(body.first()).toHaveAttribute("data-study-id", idOf("PH009104"));
  await page.getByTestId("board-state").selectOption("");

  // The previous test assigned PH000201 and PH000202 to Rex; he also read PH009104.
  await page.getByTestId("board-reader").selectOption({ label: "Rex Reader" });
  await expect(body).toHaveCount(3);
  const rexRows = await body.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-study-id")).sort());
  expect(rexRows).toEqual([idOf("PH000201"), idOf("PH000202"), idOf("PH009104")].sort());
  await page.getByTestId("board-unassigned").check();
  await expect(body).toHaveCount(1);
  await expect(body.first()).toHaveAttribute("data-study-id", idOf("PH009104"));
  await page.getByTestId("board-reader").selectOption("");
  for (const id of [idOf("PH000201"), idOf("PH000202")]) await expect(page.locator(`tr[data-study-id="${id}"]`)).toHaveCount(0);

  // Select-all takes the filtered rows only.
  await page.getByTestId("select-all").check();
  const shown = await body.count();
  await expect(page.getByTestId("bulk-count")).toContainText(`${shown} selected`);
  await page.getByTestId("select-all").uncheck();
  await expect(page.getByTestId("bulk-none")).toBeVisible();

  // Keyboard: the cursor starts on the first row; j moves, x selects, k moves back, Enter opens.
  await page.getByTestId("board-unassigned").uncheck();
  const table = page.getByTestId("assignment-board");
  await table.focus();
  await expect(body.nth(0)).toHaveAttribute("data-selected", "true");
  await page.keyboard.press("j");
  await expect(body.nth(1)).toHaveAttribute("data-selected", "true");
  await page.keyboard.press("x");
  await expect(page.getByTestId("bulk-count")).toHaveText(/^1 selected/);
  await page.keyboard.press("k");
  await expect(body.nth(0)).toHaveAttribute("data-selected", "true");
  const first = await body.nth(0).getAttribute("data-study-id");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/studies/${first}$`));
});

test("[SUPERVISION] the dataset page lists the eligible studies with patient ID, accession, description and date when opened", async ({ page }) => {
  await loginInBrowser(page, "SUPERVISOR");
  const signed = (await worklistRows(page)).filter((r) => r.reviewState === "SIGNED");
  expect(signed.length).toBeGreaterThanOrEqual(2);
  await page.goto("/datasets");
  const eligible = page.getByTestId("eligible-studies");
  await eligible.locator("summary").click();
  const body = eligible.locator("tbody tr");
  await expect(body).toHaveCount(signed.length);
  for (const study of signed) {
    const row = eligible.locator(`tr[data-study-id="${study.id}"]`);
    await expect(row).toContainText(study.patientId);
    await expect(row).toContainText(study.accessionNumber!);
    await expect(row).toContainText(study.description!);
    const raw = study.studyDate!;
    await expect(row).toContainText(`${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`);
  }
});
