import { redirect } from "next/navigation";
import { isDemoMode } from "@/lib/config/env";
import { currentUser } from "@/lib/auth/current-user";
import { homePathFor } from "@/lib/auth/roles";
import { LoginForm } from "./login-form";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  const user = await currentUser();
  if (user) redirect(homePathFor(user.role));
  const { from } = await searchParams;
  const safeFrom = from && from.startsWith("/") && !from.startsWith("//") ? from : undefined;
  return (
    <main className="page login-wrap">
      <LoginForm from={safeFrom} demo={isDemoMode()} />
    </main>
  );
}
