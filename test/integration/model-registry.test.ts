import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../lib/cli/main";
import { db } from "../../lib/db/client";
import { loadModel, type TModelManifest } from "../../lib/inference/manifest";
import { modelDir } from "../../lib/inference/models";
import { registerModelVersions } from "../../lib/jobs/register-model-versions";
import { activeModels, ensureActiveModels, listModelVersions, promoteModel, registerModel, registryStamp, rollbackModel } from "../../lib/models";
import { blobStore } from "../../lib/storage";
import { retaggedModel } from "./model-fixtures";
import { makeUser, resetDatabase } from "./helpers";
import { testSession as session } from "./test-session";

// The routes run with a session of the role the test chooses; the permission check is the real one.
vi.mock("../../lib/auth/current-user", () => import("./test-session"));
const { POST: postPromote } = await import("../../app/api/models/promote/route");
const { POST: postRollback } = await import("../../app/api/models/rollback/route");
const { GET: getModels } = await import("../../app/api/models/route");

const post = (body: unknown) => new Request("http://x/", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const noParams = { params: Promise.resolve({}) };

const modelsPresent = (["vertebrae", "roi", "classifier"] as const).every((r) => existsSync(path.join(modelDir(r), "model.onnx")));
if (!modelsPresent) console.warn("skipping the model registry test: models/<id>/model.onnx are not there");

const work = mkdtempSync(path.join(os.tmpdir(), "model-registry-"));
process.env.DISCERN_MODEL_CACHE = path.join(work, "cache");
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `discern …` in-process and returns its exit code and everything it printed. */
async function cli(...argv: string[]): Promise<{ code: number; text: string }> {
  const out: string[] = [];
  const keep = (chunk: unknown) => (out.push(String(chunk)), true);
  const a = vi.spyOn(process.stdout, "write").mockImplementation(keep);
  const b = vi.spyOn(process.stderr, "write").mockImplementation(keep);
  try {
    return { code: await main(argv), text: out.join("") };
  } finally {
    a.mockRestore();
    b.mockRestore();
  }
}

describe.skipIf(!modelsPresent)("[MODELS] the model registry", () => {
  beforeEach(resetDatabase);

  it("boots from models/, registers a retrain under a new version only, promotes, rolls back, and keeps one active version per task", async () => {
    const admin = await makeUser("ADMIN");
    expect(await registryStamp()).toBe("");
    expect(await ensureActiveModels()).toEqual(["vertebrae", "roi", "classifier"]);
    expect(await ensureActiveModels()).toEqual([]); // idempotent
    const boot = await activeModels();
    const committed = JSON.parse(readFileSync(path.join(modelDir("classifier"), "manifest.json"), "utf8")) as TModelManifest;
    expect(boot.versions.classifier).toMatchObject({ modelId: committed.id, version: committed.version, sha256: committed.sha256, active: true });
    // The registered file is in the blob store and written out where lib/inference loads it.
    expect(await blobStore().exists(committed.sha256)).toBe(true);
    expect((await loadModel(boot.dirs.classifier)).manifest.sha256).toBe(committed.sha256);
    expect(boot.dirs.classifier.startsWith(path.join(work, "cache"))).toBe(true);
    expect(await db().auditEvent.count({ where: { type: "MODEL_REGISTERED" } })).toBe(3);
    expect(await db().modelActivation.count({ where: { kind: "BOOT" } })).toBe(3);
    const bootStamp = await registryStamp();

    // A retrain that kept the old version is refused: its readings would be credited to the old model.
    const sameVersion = await retaggedModel(modelDir("classifier"), path.join(work, "same"), committed.version);
    await expect(registerModel({ dir: sameVersion.dir, actorId: admin.id, via: "web" })).rejects.toMatchObject({ code: "CONFLICT" });
    const sameManifest = JSON.parse(readFileSync(path.join(sameVersion.dir, "manifest.json"), "utf8")) as TModelManifest;
    await expect(registerModelVersions([sameManifest])).rejects.toMatchObject({ code: "CONFLICT" });

    // The retrain's version: one minor step past whatever is committed in models/ (0.1.0 → 0.2.0, 0.2.0 → 0.3.0).
    const [major, minor] = committed.version.split(".").map(Number) as [number, number];
    const nextVersion = `${major}.${minor + 1}.0`;
    const next = await retaggedModel(modelDir("classifier"), path.join(work, "next"), nextVersion);
    const registered = await registerModel({ dir: next.dir, actorId: admin.id, via: "web" });
    expect(registered.created).toBe(true);
    expect(registered.modelVersion).toMatchObject({ version: nextVersion, sha256: next.sha256, active: false, registeredById: admin.id });
    expect(registered.modelVersion.card).toContain("#");
    expect((await registerModel({ dir: next.dir, actorId: admin.id, via: "web" })).created).toBe(false);
    rmSync(next.dir, { recursive: true }); // the registry no longer needs the folder

    const promoted = await promoteModel({ task: "classifier", version: nextVersion, actorId: admin.id, via: "web" });
    expect(promoted.active).toBe(true);
    await expect(promoteModel({ task: "disc-classification", version: nextVersion, actorId: admin.id, via: "web" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await registryStamp()).not.toBe(bootStamp);
    const now = await activeModels();
    expect(now.versions.classifier.version).toBe(nextVersion);
    expect((await loadModel(now.dirs.classifier)).manifest.sha256).toBe(next.sha256);
    expect(now.versions.vertebrae.id).toBe(boot.versions.vertebrae.id);

    // The database, not only this code, refuses a second active version of a task.
    await expect(db().modelVersion.update({ where: { id: boot.versions.classifier.id }, data: { active: true } })).rejects.toThrow();

    const listed = (await listModelVersions()).find((t) => t.task === "disc-classification")!;
    expect(listed.versions.map((v) => [v.version, v.active])).toEqual([[nextVersion, true], [committed.version, false]]);
    expect(listed.rollbackTo).toBe(boot.versions.classifier.id);

    const back = await rollbackModel({ task: "classifier", actorId: admin.id, via: "web" });
    expect(back.id).toBe(boot.versions.classifier.id);
    expect(await registryStamp()).toBe(bootStamp);
    await expect(rollbackModel({ task: "classifier", actorId: admin.id, via: "web" })).rejects.toMatchObject({ code: "CONFLICT" });
    const audits = await db().auditEvent.findMany({ where: { type: { in: ["MODEL_PROMOTED", "MODEL_ROLLED_BACK"] } }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => [a.type, a.actorId])).toEqual([
      ["MODEL_PROMOTED", null],
      ["MODEL_PROMOTED", null],
      ["MODEL_PROMOTED", null],
      ["MODEL_PROMOTED", admin.id],
      ["MODEL_ROLLED_BACK", admin.id],
    ]);
    expect(audits[4]!.payload).toMatchObject({ task: "disc-classification", modelVersionId: boot.versions.classifier.id, fromId: registered.modelVersion.id, via: "web" });
  }, 120_000);

  it("boot follows models/ (registering each new committed version) until a person chooses", async () => {
    const root = path.join(work, "models-root");
    const place = async (role: "vertebrae" | "roi" | "classifier", version: string, note?: string) => {
      rmSync(path.join(root, path.basename(modelDir(role))), { recursive: true, force: true });
      return retaggedModel(modelDir(role), path.join(root, path.basename(modelDir(role))), version, note);
    };
    for (const role of ["vertebrae", "roi", "classifier"] as const) await place(role, "0.1.0");
    expect(await ensureActiveModels({ modelsDir: root })).toEqual(["vertebrae", "roi", "classifier"]);
    await place("vertebrae", "0.8.0");
    expect(await ensureActiveModels({ modelsDir: root })).toEqual(["vertebrae"]); // still a boot choice: follows models/
    expect((await activeModels()).versions.vertebrae.version).toBe("0.8.0");
    await promoteModel({ task: "vertebrae", version: "0.1.0", actorId: null, via: "cli" }); // a person chooses
    await place("vertebrae", "0.9.0");
    const lines: string[] = [];
    expect(await ensureActiveModels({ modelsDir: root, log: (l) => lines.push(l) })).toEqual([]);
    expect((await activeModels()).versions.vertebrae.version).toBe("0.1.0");
    expect(await db().modelVersion.count({ where: { task: "vertebra-detection", version: "0.9.0", active: false } })).toBe(1); // registered, ready to promote
    await place("vertebrae", "0.9.0", "changed bytes, same version");
    expect(await ensureActiveModels({ modelsDir: root, log: (l) => lines.push(l) })).toEqual([]);
    expect(lines.join("\n")).toMatch(/was not registered: .*0\.9\.0 is already registered with a different ONNX file/);
    await expect(promoteModel({ task: "vertebrae", version: "0.8.0", actorId: null, via: "boot", kind: "BOOT" })).rejects.toMatchObject({ code: "CONFLICT" });
  }, 120_000);

  it("discern models: register --promote, list, promote, rollback, and one-sentence errors", async () => {
    await ensureActiveModels();
    const committedRoi = (JSON.parse(readFileSync(path.join(modelDir("roi"), "manifest.json"), "utf8")) as TModelManifest).version;
    const next = await retaggedModel(modelDir("roi"), path.join(work, "cli-roi"), "9.3.0");
    let r = await cli("models", "register", next.dir, "--promote");
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/Registered discern-disc-roi-centernet@9\.3\.0.*\n.*Promoted/s);
    r = await cli("models", "list");
    expect(r.text).toMatch(/\* discern-disc-roi-centernet@9\.3\.0 .*ACTIVE/);
    r = await cli("models", "rollback", "roi");
    expect(r.text).toContain(`Rolled back: discern-disc-roi-centernet@${committedRoi}`);
    expect((await cli("models", "promote", "roi", "discern-disc-roi-centernet@9.3.0")).code).toBe(0);
    r = await cli("models", "list", "--json");
    const listed = JSON.parse(r.text) as Array<{ task: string; versions: Array<{ version: string; active: boolean }> }>;
    expect(listed.find((t) => t.task === "disc-roi-detection")!.versions.find((v) => v.active)!.version).toBe("9.3.0");
    r = await cli("models", "promote", "spleen", "1.0.0");
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/Unknown model task "spleen"/);
    r = await cli("models", "promote", "roi", "9.9.9");
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/No registered disc-roi-detection model version "9\.9\.9"/);
    expect((await cli("models", "frobnicate")).code).toBe(2);
    expect(await db().auditEvent.count({ where: { type: "MODEL_PROMOTED", payload: { path: ["via"], equals: "cli" } } })).toBe(2);
  }, 120_000);

  it("the Models page's routes: admins promote and roll back (audited with the admin), others are refused, bad bodies are 422", async () => {
    const admin = await makeUser("ADMIN");
    const supervisor = await makeUser("SUPERVISOR");
    await ensureActiveModels();
    const next = await retaggedModel(modelDir("vertebrae"), path.join(work, "web-vertebrae"), "0.7.0");
    await registerModel({ dir: next.dir, actorId: admin.id, via: "cli" });
    session.user = { id: supervisor.id, email: supervisor.email, name: supervisor.name, role: "SUPERVISOR" };
    expect((await postPromote(post({ task: "vertebrae", version: "0.7.0" }), noParams)).status).toBe(403);
    expect((await getModels(new Request("http://x/"), noParams)).status).toBe(403);
    session.user = { id: admin.id, email: admin.email, name: admin.name, role: "ADMIN" };
    expect((await postPromote(post({ task: "vertebrae" }), noParams)).status).toBe(422);
    expect((await postPromote(post({ task: "vertebrae", version: "9.9.9" }), noParams)).status).toBe(404);
    const promoted = await postPromote(post({ task: "vertebrae", version: "0.7.0" }), noParams);
    expect(promoted.status).toBe(200);
    expect(((await promoted.json()) as { modelVersion: { version: string; active: boolean } }).modelVersion).toMatchObject({ version: "0.7.0", active: true });
    expect((await postPromote(post({ task: "vertebrae", version: "0.7.0" }), noParams)).status).toBe(409);
    const listed = (await (await getModels(new Request("http://x/"), noParams)).json()) as { tasks: Array<{ task: string; rollbackTo: string | null }> };
    expect(listed.tasks.find((t) => t.task === "vertebra-detection")!.rollbackTo).not.toBeNull();
    expect((await postRollback(post({ task: "vertebrae" }), noParams)).status).toBe(200);
    expect((await postRollback(post({ task: "vertebrae" }), noParams)).status).toBe(409);
    const events = await db().auditEvent.findMany({ where: { type: { in: ["MODEL_PROMOTED", "MODEL_ROLLED_BACK"] }, actorId: admin.id } });
    expect(events.map((e) => [e.type, (e.payload as { via: string }).via]).sort()).toEqual([["MODEL_PROMOTED", "web"], ["MODEL_ROLLED_BACK", "web"]]);
  }, 120_000);
});
