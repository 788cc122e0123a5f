import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { can, ROLES, type TRole } from "../../lib/auth/roles";
import { loginApi } from "./helpers";
import { API_RULES, PAGE_RULES, type TAccess } from "./rbac-matrix";

const APP = path.resolve(__dirname, "../../app");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** "METHOD /api/..." for every exported handler of every route.ts under app/. */
function discoverApiRoutes(): string[] {
  return walk(APP)
    .filter((f) => f.endsWith(`${path.sep}route.ts`))
    .flatMap((file) => {
      const route = `/${path.relative(APP, path.dirname(file)).split(path.sep).join("/")}`;
      const source = readFileSync(file, "utf8");
      const methods = new Set<string>();
      for (const m of source.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1] ?? "");
      for (const m of source.matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1] ?? "");
      return [...methods].map((method) => `${method} ${route}`);
    });
}

function discoverPages(): string[] {
  return walk(APP)
    .filter((f) => f.endsWith(`${path.sep}page.tsx`))
    .map((file) => {
      const rel = path.relative(APP, path.dirname(file)).split(path.sep).join("/");
      return rel === "" ? "/" : `/${rel}`;
    });
}

function allowed(access: TAccess, role: TRole | null): boolean {
  if (access === "public") return true;
  if (role === null) return false;
  return access === "session" ? true : can(role, access);
}

test("[RBAC] every route handler and page is in the access matrix", () => {
  expect(discoverApiRoutes().filter((r) => !(r in API_RULES))).toEqual([]);
  expect(discoverPages().filter((p) => !(p in PAGE_RULES))).toEqual([]);
});

const contexts = new Map<TRole | null, APIRequestContext>();

test.beforeAll(async ({ baseURL }) => {
  for (const role of [null, ...ROLES] as const) {
    const context = await playwrightRequest.newContext({ baseURL });
    if (role) await loginApi(context, role);
    contexts.set(role, context);
  }
});

test.afterAll(async () => {
  for (const context of contexts.values()) await context.dispose();
});

for (const [key, rule] of Object.entries(API_RULES)) {
  if (rule.access === "public") continue;
  test(`[RBAC] ${key}: 401 without a session, 403 for roles without ${rule.access}, allowed otherwise`, async () => {
    const [method = "GET", pattern = "/"] = key.split(" ");
    const url = rule.sample ?? pattern;
    for (const role of [null, ...ROLES] as const) {
      const context = contexts.get(role);
      if (!context) throw new Error("missing context");
      const response = await context.fetch(url, { method, data: rule.body, maxRedirects: 0 });
      const status = response.status();
      const who = role ?? "anonymous";
      if (role === null) expect(status, `${key} as ${who}`).toBe(401);
      else if (!allowed(rule.access, role)) expect(status, `${key} as ${who}`).toBe(403);
      else {
        expect([401, 403], `${key} as ${who}`).not.toContain(status);
        expect(status, `${key} as ${who}`).toBeLessThan(500);
      }
    }
  });
}

for (const [page, rule] of Object.entries(PAGE_RULES)) {
  if (rule.access === "public" || page === "/") continue;
  test(`[RBAC] page ${page}: login redirect without a session, /forbidden without ${rule.access}`, async () => {
    const url = rule.sample ?? page;
    for (const role of [null, ...ROLES] as const) {
      const context = contexts.get(role);
      if (!context) throw new Error("missing context");
      const response = await context.get(url, { maxRedirects: 0 });
      const status = response.status();
      const location = response.headers()["location"] ?? "";
      const who = role ?? "anonymous";
      if (role === null) {
        expect(status, `${page} as ${who}`).toBe(307);
        expect(location, `${page} as ${who}`).toContain("/login");
      } else if (!allowed(rule.access, role)) {
        expect(status, `${page} as ${who}`).toBe(307);
        expect(location, `${page} as ${who}`).toContain("/forbidden");
      } else expect(status, `${page} as ${who}`).toBe(200);
    }
  });
}
