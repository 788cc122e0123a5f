import { redirect } from "next/navigation";
import { isDemoMode } from "@/lib/config/env";
import { currentUser } from "@/lib/auth/current-user";
import { homePathFor } from "@/lib/auth/roles";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { LoginForm } from "./login-form";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  const user = await currentUser();
  if (user) redirect(homePathFor(user.role));
  const { from } = await searchParams;
  // Only a same-origin path survives (lib/auth/safe-redirect.ts); anything else goes home.
  const safeFrom = safeRedirectPath(from) ?? undefined;
  return (
    <main className="page login-wrap">
      <LoginForm from={safeFrom} demo={isDemoMode()} />
    </main>
  );
}
