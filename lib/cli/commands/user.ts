import { db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { createUser, listUsers, updateUser } from "../../users/manage-users";
import { parseCliArgs } from "../args";
import type { CliRun } from "../types";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").trim();
}

/**
 * `discern user list`, `discern user add <email> --name <n> --role <ROLE>` and
 * `discern user set-password <email>`: the way to the first admin of a production install.
 * Passwords come on standard input, never as arguments (they would land in shell history).
 */
export const run: CliRun = async (argv, io) => {
  const { positionals, values } = parseCliArgs(argv, { name: { type: "string" }, role: { type: "string" }, json: { type: "boolean" } });
  const [action, email] = positionals;
  try {
    if (action === "list") {
      const users = await listUsers();
      if (values.json) io.stdout(`${JSON.stringify(users)}\n`);
      else for (const u of users) io.stdout(`${u.role.padEnd(12)} ${u.disabled ? "disabled" : "active  "} ${u.email}\n`);
      return 0;
    }
    if (!email) throw new AppError("BAD_USAGE", { userMessage: "Give the user's email address." });
    if (action === "add") {
      const password = await readStdin();
      const user = await createUser({ input: { email, name: values.name ?? email, role: values.role?.toUpperCase(), password }, actorId: null });
      io.stdout(`Added ${user.email} (${user.role.toLowerCase()}).\n`);
      return 0;
    }
    if (action === "set-password") {
      const password = await readStdin();
      const user = await db().user.findUnique({ where: { email: email.toLowerCase() } });
      if (!user) throw new AppError("NOT_FOUND", { userMessage: `No user ${email}.` });
      await updateUser({ userId: user.id, input: { password }, actorId: user.id });
      io.stdout(`Password of ${user.email} set.\n`);
      return 0;
    }
    throw new AppError("BAD_USAGE", { userMessage: `Unknown action "${action ?? ""}"; use list, add or set-password.` });
  } finally {
    await db().$disconnect();
  }
};
