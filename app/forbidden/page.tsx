import Link from "next/link";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { homePathFor } from "@/lib/auth/roles";

export default async function Forbidden() {
  const user = await requirePageUser();
  return (
    <main className="page">
      <h1>Not allowed</h1>
      <p>Your role ({user.role.toLowerCase()}) does not give access to that page.</p>
      <Link href={homePathFor(user.role)}>Back to your start page</Link>
    </main>
  );
}
