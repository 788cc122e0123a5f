import { expect, test } from "@playwright/test";
import { DEMO_LOGINS, loginInBrowser, type TDemoRole } from "./helpers";

const HOMES: Record<TDemoRole, RegExp> = {
  ADMIN: /\/admin\/users$/,
  SUPERVISOR: /\/supervisor$/,
  RADIOLOGIST: /\/worklist$/,
  ANNOTATOR: /\/worklist$/,
};

for (const role of Object.keys(DEMO_LOGINS) as TDemoRole[]) {
  test(`[AUTH] ${role.toLowerCase()} logs in and lands on its home page`, async ({ page }) => {
    await loginInBrowser(page, role);
    await expect(page).toHaveURL(HOMES[role]);
    await expect(page.getByTestId("who")).toContainText(role.toLowerCase());
  });
}

test("[AUTH] a wrong password shows an error and creates no session", async ({ page, context }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO_LOGINS.RADIOLOGIST);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
  const cookies = await context.cookies();
  expect(cookies.some((c) => c.name.includes("session-token"))).toBe(false);
  const me = await page.request.get("/api/me");
  expect(me.status()).toBe(401);
});

test("[AUTH] a page without a session redirects to the login page", async ({ page }) => {
  await page.goto("/worklist");
  await expect(page).toHaveURL(/\/login\?from=%2Fworklist$/);
});

test("[ADMIN] the admin adds a user who can then log in", async ({ page, browser }) => {
  await loginInBrowser(page, "ADMIN");
  const email = `new-${Date.now()}@discern.local`;
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("New Reader");
  await form.getByLabel("Role").selectOption("RADIOLOGIST");
  await form.getByLabel("Initial password").fill("a-long-password");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toHaveText(`Created ${email}.`);

  const other = await browser.newPage();
  await other.goto("/login");
  await other.getByLabel("Email").fill(email);
  await other.getByLabel("Password").fill("a-long-password");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other).toHaveURL(/\/worklist$/);
  await other.close();
});

test("[HTTP] pages carry a nonce Content-Security-Policy; API and DICOMweb answers a deny-all one, with nosniff and frame denial", async ({ request }) => {
  const page = await request.get("/login");
  const pagePolicy = page.headers()["content-security-policy"] ?? "";
  expect(pagePolicy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'/);
  for (const path of ["/api/auth/csrf", "/api/me", "/dicomweb/studies"]) {
    const answer = await request.get(path);
    const headers = answer.headers();
    expect(headers["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["x-frame-options"], path).toBe("DENY");
  }
});
