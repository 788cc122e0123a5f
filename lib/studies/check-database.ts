import type { TDb } from "../db/client";
import { AppError } from "../errors/app-error";

/** Fails with one sentence (DATABASE_UNAVAILABLE) when the database does not answer. */
export async function checkDatabase(client: TDb, url: string): Promise<void> {
  try {
    await client.$queryRaw`SELECT 1`;
  } catch (error) {
    throw new AppError("DATABASE_UNAVAILABLE", { userMessage: `The database at ${describeUrl(url)} is unreachable; start PostgreSQL or set DATABASE_URL`, cause: error });
  }
}

/** host:port/database, without user or password. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "DATABASE_URL";
  }
}
