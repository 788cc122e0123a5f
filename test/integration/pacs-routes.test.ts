import { beforeAll, describe, expect, it, vi } from "vitest";
import type { TRole } from "../../lib/auth/roles";
import { db } from "../../lib/db/client";
import { seedPhantomStudy } from "../../lib/review/seed-phantom-study";
import { makeUser, resetDatabase } from "./helpers";
import { testSession as session } from "./test-session";

vi.mock("../../lib/auth/current-user", () => import("./test-session"));
const nodes = await import("../../app/api/pacs/nodes/route");
const find = await import("../../app/api/pacs/find/route");
const pushes = await import("../../app/api/studies/[studyId]/pacs-pushes/route");

const json = (url: string, body?: unknown, method = body === undefined ? "GET" : "POST") => new Request(`http://discern.test${url}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
const noParams = { params: Promise.resolve({}) };

async function as(role: TRole) {
  const user = await makeUser(role);
  session.user = { id: user.id, email: user.email, name: user.name, role };
  return user;
}

describe("[PACS] routes: thin, permission-checked, secrets write-only", () => {
  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET ??= "pacs-routes-test-secret-0123456789abcdefghijkl";
    await resetDatabase();
  });

  it("only admins manage nodes; the secret goes in and never comes out; bad input is one 422 sentence", async () => {
    session.user = null;
    expect((await nodes.GET(json("/api/pacs/nodes"), noParams)).status).toBe(401);
    for (const role of ["ANNOTATOR", "RADIOLOGIST", "SUPERVISOR"] as const) {
      await as(role);
      expect((await nodes.GET(json("/api/pacs/nodes"), noParams)).status).toBe(403);
      expect((await nodes.POST(json("/api/pacs/nodes", { name: "x", baseUrl: "http://pacs.test/dicom-web", authKind: "NONE" }), noParams)).status).toBe(403);
    }
    const admin = await as("ADMIN");
    const token = "route-bearer-token-never-returned";
    const created = await nodes.POST(json("/api/pacs/nodes", { name: "main", baseUrl: "https://pacs.test/dicom-web", authKind: "BEARER", secret: token, timeoutMs: 10_000, pushOnSign: true }), noParams);
    expect(created.status).toBe(200);
    const createdText = await created.text();
    expect(createdText).not.toContain(token);
    expect(JSON.parse(createdText)).toMatchObject({ node: { name: "main", authKind: "BEARER", hasSecret: true, timeoutMs: 10_000 } });
    const listed = await (await nodes.GET(json("/api/pacs/nodes"), noParams)).text();
    expect(listed).not.toContain(token);
    const bad = await nodes.POST(json("/api/pacs/nodes", { name: "bad name!", baseUrl: "ftp://x", authKind: "NONE" }), noParams);
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^Invalid input \(/);
    const audit = await db().auditEvent.findMany({ where: { type: "PACS_NODE_SAVED", actorId: admin.id } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("find needs study:import (annotators 403) and names an existing node; pushes need a signed study", async () => {
    await as("ANNOTATOR");
    expect((await find.POST(json("/api/pacs/find", { node: "main" }), noParams)).status).toBe(403);
    await as("RADIOLOGIST");
    const unknown = await find.POST(json("/api/pacs/find", { node: "nowhere" }), noParams);
    expect(unknown.status).toBe(404);
    expect((await find.POST(json("/api/pacs/find", { node: "main", date: "2026-01-01" }), noParams)).status).toBe(422);
    const seeded = await seedPhantomStudy({ seed: 4, variant: "standard" });
    const params = { params: Promise.resolve({ studyId: seeded.studyId }) };
    expect(await (await pushes.GET(json(`/api/studies/${seeded.studyId}/pacs-pushes`), params)).json()).toEqual({ pushes: [] });
    const unsigned = await pushes.POST(json(`/api/studies/${seeded.studyId}/pacs-pushes`, { node: "main" }), params);
    expect(unsigned.status).toBe(409);
    expect((await pushes.GET(json("/api/studies/nope/pacs-pushes"), { params: Promise.resolve({ studyId: "nope" }) })).status).toBe(404);
  }, 60_000);
});
