import { expect, type APIRequestContext, type Page } from "@playwright/test";

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
