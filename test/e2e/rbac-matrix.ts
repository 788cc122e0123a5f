import type { TPermission } from "../../lib/auth/roles";

/**
 * The intended access of every route handler and page, written down independently of the code:
 * rbac.spec.ts discovers every app/**\/route.ts and page.tsx and fails when one is missing here,
 * then checks each against each role. `session` = any logged-in user; `public` = no session
 * needed (next-auth's own endpoints and the login page only).
 *
 * Sample values fill dynamic segments; a body, when given, is sent with POST/PATCH/PUT.
 */
export type TAccess = TPermission | "session" | "public";

export interface TRouteRule {
  access: TAccess;
  /** Path with dynamic segments filled, when the pattern has any. */
  sample?: string;
  body?: unknown;
}

export const API_RULES: Record<string, TRouteRule> = {
  "GET /api/auth/[...nextauth]": { access: "public", sample: "/api/auth/csrf" },
  "POST /api/auth/[...nextauth]": { access: "public", sample: "/api/auth/_log" },
  "GET /api/me": { access: "session" },
  "GET /api/users": { access: "users:manage" },
  "POST /api/users": { access: "users:manage", body: {} },
  "PATCH /api/users/[userId]": { access: "users:manage", sample: "/api/users/no-such-user", body: { name: "x" } },
  "GET /api/studies": { access: "study:read" },
};

export const PAGE_RULES: Record<string, TRouteRule> = {
  "/": { access: "session" },
  "/login": { access: "public" },
  "/forbidden": { access: "session" },
  "/worklist": { access: "study:read" },
  "/supervisor": { access: "stats:read" },
  "/admin/users": { access: "users:manage" },
};
