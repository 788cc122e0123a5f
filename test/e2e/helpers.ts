import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "discern-demo";
export const DEMO_LOGINS = {
  ADMIN: "admin@discern.local",
  SUPERVISOR: "supervisor@discern.local",
  RADIOLOGIST: "radiologist@discern.local",
  ANNOTATOR: "annotator@discern.local",
} as const;
export type TDemoRole = keyof typeof DEMO_LOGINS;

/** Logs in through the login page as a person would. */
export async function loginInBrowser(page: Page, role: TDemoRole): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO_LOGINS[role]);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("who")).toBeVisible();
}

/** Logs an API request context in through next-auth's credentials callback (CSRF included). */
export async function loginApi(request: APIRequestContext, role: TDemoRole): Promise<void> {
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email: DEMO_LOGINS[role], password: DEMO_PASSWORD, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(response.status());
  const me = await request.get("/api/me");
  expect(me.status()).toBe(200);
}

/**
 * Page position (CSS pixels) of an image point (image pixels, x = column, y = row) on a viewer
 * pane, from the pane's `data-transform` ("offsetX,offsetY,scale") and its bounding box.
 */
export async function imageToScreen(pane: Locator, [x, y]: readonly [number, number]): Promise<[number, number]> {
  const [offX, offY, scale] = ((await pane.getAttribute("data-transform")) ?? "0,0,1").split(",").map(Number) as [number, number, number];
  const rect = (await pane.boundingBox())!;
  return [rect.x + offX + x * scale, rect.y + offY + y * scale];
}

/** The pane's scale (screen pixels per image pixel), from its `data-transform`. */
export async function paneScale(pane: Locator): Promise<number> {
  return Number(((await pane.getAttribute("data-transform")) ?? "0,0,1").split(",")[2]);
}

/** A left-button drag from `from` by `[dx, dy]` page pixels, in two legs of four steps (konva sees a drag, not a click). */
export async function dragBy(page: Page, [x, y]: readonly [number, number], [dx, dy]: readonly [number, number]): Promise<void> {
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
  await page.mouse.move(x + dx, y + dy, { steps: 4 });
  await page.mouse.up();
}
