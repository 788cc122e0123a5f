import type { TDb } from "../db/client";
import { DEMO_PASSWORD, hashPassword, verifyPassword } from "../auth/password";
import type { TRole } from "../auth/roles";

export const DEMO_USERS: Array<{ email: string; name: string; role: TRole }> = [
  { email: "admin@discern.local", name: "Ada Admin", role: "ADMIN" },
  { email: "supervisor@discern.local", name: "Sam Supervisor", role: "SUPERVISOR" },
  { email: "radiologist@discern.local", name: "Rita Radiologist", role: "RADIOLOGIST" },
  { email: "annotator@discern.local", name: "Ann Annotator", role: "ANNOTATOR" },
];

/** Creates the four demo logins (password `discern-demo`) unless they exist; demo mode only. */
export async function seedDemoUsers(client: TDb): Promise<number> {
  let created = 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const user of DEMO_USERS) {
    const existing = await client.user.findUnique({ where: { email: user.email } });
    if (existing) continue;
    await client.user.create({ data: { ...user, passwordHash } });
    created += 1;
  }
  return created;
}

/**
 * Emails of enabled accounts whose password is still the demo password: a production start
 * refuses to run while there is one.
 */
export async function accountsWithDemoPassword(client: TDb): Promise<string[]> {
  const users = await client.user.findMany({ where: { disabled: false }, select: { email: true, passwordHash: true }, take: 5000 });
  const found: string[] = [];
  for (const user of users) {
    if (await verifyPassword(DEMO_PASSWORD, user.passwordHash)) found.push(user.email);
  }
  return found;
}
