/**
 * `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
 * with the SQL that takes the committed migrations to prisma/schema.prisma (diffed through a
 * throw-away shadow database, offline wasm engine). Prints nothing new when they already agree.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write("usage: npm run db:new-migration -- <snake_case_name>\n");
  process.exit(2);
}
const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const sql = execFileSync(
  path.join(ROOT, "node_modules", ".bin", "prisma"),
  ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" },
);
if (/^-- This is an empty migration\.\s*$/.test(sql.trim()) || sql.trim() === "") {
  process.stdout.write("The schema and the migrations agree: nothing to write.\n");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join(ROOT, "prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
process.stdout.write(`Wrote ${path.relative(ROOT, dir)}/migration.sql\n`);
