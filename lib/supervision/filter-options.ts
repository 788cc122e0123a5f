import { db } from "../db/client";
import { can, isRole } from "../auth/roles";

/** The choices of the dashboard's filters and the assignment form: readers and model versions. */
export async function supervisionOptions() {
  const users = await db().user.findMany({ where: { disabled: false }, orderBy: { name: "asc" }, select: { id: true, name: true, role: true } });
  const versions = await db().modelVersion.findMany({ orderBy: [{ modelId: "asc" }, { version: "asc" }], select: { modelId: true, version: true } });
  return {
    readers: users.filter((u) => isRole(u.role) && can(u.role, "study:sign")).map((u) => ({ id: u.id, name: u.name, role: u.role })),
    modelVersions: versions.map((v) => `${v.modelId}@${v.version}`),
  };
}
