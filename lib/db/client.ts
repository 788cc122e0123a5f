import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { databaseUrl } from "../config/env";

/**
 * The one PrismaClient of a process, over the pg driver adapter (Prisma's query compiler, no
 * engine binary). Kept on globalThis so that Next's dev reloads don't open a pool per reload.
 */
const globalForPrisma = globalThis as unknown as { discernPrisma?: PrismaClient };

export function createPrismaClient(connectionString: string = databaseUrl()): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}

export function db(): PrismaClient {
  globalForPrisma.discernPrisma ??= createPrismaClient();
  return globalForPrisma.discernPrisma;
}

export type TDb = PrismaClient;
export type TTx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
