import { requirePageUser } from "@/lib/auth/require-page-user";
import { listUsers } from "@/lib/users/manage-users";
import { UsersAdmin } from "./users-admin";

export default async function UsersPage() {
  const me = await requirePageUser("users:manage", "/admin/users");
  const users = await listUsers();
  return (
    <main className="page">
      <h1>Users and roles</h1>
      <UsersAdmin initialUsers={users} meId={me.id} />
    </main>
  );
}
