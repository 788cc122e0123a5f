import type { TPermission } from "../../lib/auth/roles";

/**
 * The intended access of every route handler and page, written down independently of the code:
 * rbac.spec.ts discovers every app/**\/route.ts and page.tsx and fails when one is missing here,
 * then checks each against each role. `session` = any logged-in user; `public` = no session
 * needed (next-auth's own endpoints, the login page and the database-outage page only).
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
  "POST /api/import": { access: "study:import", body: {} },
  "GET /api/instances/[sopInstanceUid]/frames/[frame]": { access: "study:read", sample: "/api/instances/1.2.3.4/frames/0" },
  "GET /api/studies/[studyId]/images": { access: "study:read", sample: "/api/studies/no-such-study/images" },
  "GET /api/stats": { access: "stats:read" },
  "POST /api/supervision/assignments": { access: "study:assign", body: {} },
  "POST /api/supervision/adjudications": { access: "study:assign", body: {} },
  "POST /api/supervision/bulk-assignments": { access: "study:assign", body: {} },
  "GET /api/supervision/studies/[studyId]/readings": { access: "study:read", sample: "/api/supervision/studies/no-such-study/readings" },
  "GET /api/worklist": { access: "study:read" },
  "GET /api/studies/[studyId]/view": { access: "study:read", sample: "/api/studies/no-such-study/view" },
  "GET /api/studies/[studyId]/history": { access: "study:read", sample: "/api/studies/no-such-study/history" },
  "POST /api/studies/[studyId]/reading": { access: "annotation:edit", sample: "/api/studies/no-such-study/reading" },
  "POST /api/readings/[readingId]/revisions": { access: "annotation:edit", sample: "/api/readings/no-such-reading/revisions", body: {} },
  "POST /api/readings/[readingId]/sign": { access: "study:sign", sample: "/api/readings/no-such-reading/sign", body: {} },
  "POST /api/readings/[readingId]/amend": { access: "study:sign", sample: "/api/readings/no-such-reading/amend", body: { reason: "rbac check" } },
  "POST /api/readings/[readingId]/release": { access: "study:read", sample: "/api/readings/no-such-reading/release", body: {} },
  "POST /api/readings/[readingId]/reassign": { access: "study:assign", sample: "/api/readings/no-such-reading/reassign", body: { toReaderId: "no-such-user" } },
  "POST /api/readings/[readingId]/submit": { access: "annotation:edit", sample: "/api/readings/no-such-reading/submit" },
  "POST /api/readings/[readingId]/reopen": { access: "study:assign", sample: "/api/readings/no-such-reading/reopen", body: {} },
  "GET /api/studies/[studyId]/reports": { access: "report:read", sample: "/api/studies/no-such-study/reports" },
  "GET /api/studies/[studyId]/reports/[reportId]": { access: "report:read", sample: "/api/studies/no-such-study/reports/no-such-report" },
  "GET /api/audit": { access: "audit:read" },
  "GET /api/audit/csv": { access: "audit:read" },
  "POST /api/studies/[studyId]/analyze": { access: "study:analyze", sample: "/api/studies/no-such-study/analyze" },
  "GET /api/studies/[studyId]/pipeline": { access: "study:read", sample: "/api/studies/no-such-study/pipeline" },
  "GET /api/studies/[studyId]/report": { access: "report:read", sample: "/api/studies/no-such-study/report" },
  "GET /api/studies/[studyId]/report.sr.dcm": { access: "report:read", sample: "/api/studies/no-such-study/report.sr.dcm" },
  "GET /api/studies/[studyId]/report.fhir.json": { access: "report:read", sample: "/api/studies/no-such-study/report.fhir.json" },
  "GET /api/datasets": { access: "dataset:manage" },
  "POST /api/datasets": { access: "dataset:manage", body: {} },
  "GET /api/datasets/signed-studies": { access: "dataset:manage" },
  "POST /api/datasets/[versionId]/freeze": { access: "dataset:manage", sample: "/api/datasets/no-such-version/freeze" },
  "POST /api/datasets/[versionId]/exports": { access: "dataset:manage", sample: "/api/datasets/no-such-version/exports", body: { format: "coco" } },
  "GET /api/datasets/exports/[exportId]": { access: "dataset:manage", sample: "/api/datasets/exports/no-such-export" },
  "GET /api/datasets/eligible-studies": { access: "dataset:manage" },
  "GET /api/datasets/studies": { access: "dataset:manage", sample: "/api/datasets/studies?labelSource=FINAL" },
  "GET /api/datasets/[versionId]/studies": { access: "dataset:manage", sample: "/api/datasets/no-such-version/studies" },
  "GET /api/datasets/exports/[exportId]/archive": { access: "dataset:manage", sample: "/api/datasets/exports/no-such-export/archive" },
  // The model registry is an admin's (issue 14: "a Models page for admins").
  "GET /api/models": { access: "system:manage" },
  "POST /api/models/promote": { access: "system:manage", body: {} },
  "POST /api/models/rollback": { access: "system:manage", body: {} },
  "POST /api/models/shadow": { access: "system:manage", body: {} },
  // PACS nodes (secrets) are an admin's; finding and pulling studies is importing them; pushing signed results is for those who sign or supervise.
  "GET /api/pacs/nodes": { access: "pacs:manage" },
  "POST /api/pacs/nodes": { access: "pacs:manage", body: {} },
  "DELETE /api/pacs/nodes/[name]": { access: "pacs:manage", sample: "/api/pacs/nodes/no-such-node" },
  "POST /api/pacs/nodes/[name]/test": { access: "pacs:manage", sample: "/api/pacs/nodes/no-such-node/test" },
  "POST /api/pacs/find": { access: "study:import", body: {} },
  "POST /api/pacs/pull": { access: "study:import", body: {} },
  "GET /api/studies/[studyId]/pacs-pushes": { access: "report:read", sample: "/api/studies/no-such-study/pacs-pushes" },
  "POST /api/studies/[studyId]/pacs-pushes": { access: "pacs:push", sample: "/api/studies/no-such-study/pacs-pushes", body: {} },
  // discern's own DICOMweb server: reading studies, under the same session (issue 15.4).
  "GET /dicomweb/[...path]": { access: "study:read", sample: "/dicomweb/studies" },
  // Where pages send anyone while the database is down (503, no data; lib/auth/require-page-user).
  "GET /unavailable": { access: "public" },
};

export const PAGE_RULES: Record<string, TRouteRule> = {
  "/": { access: "session" },
  "/login": { access: "public" },
  "/forbidden": { access: "session" },
  "/worklist": { access: "study:read" },
  "/import": { access: "study:import" },
  "/studies/[studyId]": { access: "study:read", sample: "/studies/no-such-study" },
  "/supervisor": { access: "stats:read" },
  "/supervisor/assign": { access: "study:assign" },
  "/admin/users": { access: "users:manage" },
  "/datasets": { access: "dataset:manage" },
  "/audit": { access: "audit:read" },
  "/admin/models": { access: "system:manage" },
  "/admin/pacs": { access: "pacs:manage" },
  "/pacs": { access: "study:import" },
};
