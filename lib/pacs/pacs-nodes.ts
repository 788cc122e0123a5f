import type { PacsNode } from "@prisma/client";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db/client";
import { AppError, fromZodError } from "../errors/app-error";
import { sealSecret } from "./secret-box";

export const PACS_AUTH_KINDS = ["NONE", "BASIC", "BEARER"] as const;
export type TPacsAuthKind = (typeof PACS_AUTH_KINDS)[number];

/** What an admin gives to add or replace a node (CLI flags or the admin page's form). */
export const ZPacsNodeInput = z
  .object({
    name: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, "use letters, digits, dot, dash or underscore"),
    baseUrl: z.string().trim().url().max(500).refine((u) => /^https?:\/\//i.test(u), "must be http:// or https://"),
    authKind: z.enum(PACS_AUTH_KINDS).default("NONE"),
    username: z.string().max(200).optional(),
    /** Basic password or bearer token; omitted on an update: the stored one is kept. */
    secret: z.string().min(1).max(4096).optional(),
    timeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
    pushOnSign: z.boolean().default(true),
  })
  .strict()
  .refine((v) => v.authKind !== "BASIC" || (v.username && v.username.length > 0), { message: "basic authentication needs a username", path: ["username"] });
export type TPacsNodeInput = z.input<typeof ZPacsNodeInput>;

/** A node as shown to anyone: never the secret, only whether one is stored. */
export interface TPacsNodeView {
  id: string;
  name: string;
  baseUrl: string;
  authKind: TPacsAuthKind;
  username: string | null;
  hasSecret: boolean;
  timeoutMs: number;
  pushOnSign: boolean;
}

export function nodeView(node: PacsNode): TPacsNodeView {
  return { id: node.id, name: node.name, baseUrl: node.baseUrl, authKind: node.authKind as TPacsAuthKind, username: node.username, hasSecret: node.secretCipher !== null, timeoutMs: node.timeoutMs, pushOnSign: node.pushOnSign };
}

/**
 * Adds a node, or replaces the one of that name (URL, auth, timeout; the stored secret is kept
 * when none is given and the auth kind still needs one). The secret is sealed (lib/pacs/secret-box)
 * before it reaches the database. Audited as PACS_NODE_SAVED (name and auth kind, never the secret).
 * INVALID_INPUT for a bad field or a BASIC/BEARER node left without a secret.
 */
export async function savePacsNode(input: TPacsNodeInput, options: { actorId: string | null; via: "cli" | "web" }): Promise<TPacsNodeView> {
  const parsed = ZPacsNodeInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const v = parsed.data;
  const baseUrl = v.baseUrl.replace(/\/+$/, "");
  return db().$transaction(async (tx) => {
    const existing = await tx.pacsNode.findUnique({ where: { name: v.name } });
    const keepSecret = existing && existing.authKind === v.authKind ? existing.secretCipher : null;
    const secretCipher = v.authKind === "NONE" ? null : v.secret ? sealSecret(v.secret) : keepSecret;
    if (v.authKind !== "NONE" && !secretCipher) throw new AppError("INVALID_INPUT", { userMessage: `A ${v.authKind === "BASIC" ? "password" : "token"} is needed for ${v.authKind.toLowerCase()} authentication.` });
    const data = { baseUrl, authKind: v.authKind, username: v.authKind === "BASIC" ? (v.username ?? null) : null, secretCipher, timeoutMs: v.timeoutMs, pushOnSign: v.pushOnSign };
    const node = existing ? await tx.pacsNode.update({ where: { id: existing.id }, data }) : await tx.pacsNode.create({ data: { name: v.name, ...data } });
    await recordAudit(tx, { type: "PACS_NODE_SAVED", actorId: options.actorId, payload: { nodeId: node.id, name: node.name, authKind: node.authKind, created: !existing, via: options.via } });
    return nodeView(node);
  });
}

/** Every node, by name, without secrets. */
export async function listPacsNodes(): Promise<TPacsNodeView[]> {
  const nodes = await db().pacsNode.findMany({ orderBy: { name: "asc" } });
  return nodes.map(nodeView);
}

/** A node row by name or id (with its sealed secret, for lib/pacs only). NOT_FOUND otherwise. */
export async function loadPacsNode(nameOrId: string): Promise<PacsNode> {
  const node = await db().pacsNode.findFirst({ where: { OR: [{ name: nameOrId }, { id: nameOrId }] } });
  if (!node) throw new AppError("NOT_FOUND", { userMessage: `There is no PACS node named "${nameOrId.slice(0, 64)}".` });
  return node;
}

/** Removes a node (its push history goes with it). Audited as PACS_NODE_REMOVED. */
export async function removePacsNode(nameOrId: string, options: { actorId: string | null; via: "cli" | "web" }): Promise<void> {
  const node = await loadPacsNode(nameOrId);
  await db().$transaction(async (tx) => {
    await tx.pacsNode.delete({ where: { id: node.id } });
    await recordAudit(tx, { type: "PACS_NODE_REMOVED", actorId: options.actorId, payload: { nodeId: node.id, name: node.name, via: options.via } });
  });
}
