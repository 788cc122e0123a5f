import { randomBytes } from "node:crypto";

let counter = 0;

/**
 * A collision-resistant row id in the shape of Prisma's cuid() (lower-case, starts with "c"), for
 * rows written by raw SQL: "c", the time in ms (base 36), a per-process counter (base 36, 4
 * digits, wrapping) and 72 random bits. Like cuid, ids made by one process in the same
 * millisecond sort in the order they were made, so `ORDER BY "createdAt", id` keeps a batch's order.
 */
export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  return `c${Date.now().toString(36)}${counter.toString(36).padStart(4, "0")}${randomBytes(9).toString("hex")}`;
}
