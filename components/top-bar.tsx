import Link from "next/link";
import type { SessionUser } from "@/lib/auth/authenticate";
import { can, type TPermission } from "@/lib/auth/roles";
import { SignOutButton } from "./sign-out-button";

const LINKS: Array<{ href: string; label: string; permission: TPermission }> = [
  { href: "/worklist", label: "Worklist", permission: "study:read" },
  { href: "/import", label: "Import", permission: "study:import" },
  { href: "/pacs", label: "Find in PACS", permission: "study:import" },
  { href: "/supervisor", label: "Supervision", permission: "stats:read" },
  { href: "/datasets", label: "Datasets", permission: "dataset:manage" },
  { href: "/audit", label: "Audit", permission: "audit:read" },
  { href: "/admin/users", label: "Users", permission: "users:manage" },
  { href: "/admin/models", label: "Models", permission: "system:manage" },
  { href: "/admin/pacs", label: "PACS nodes", permission: "pacs:manage" },
];

export function TopBar({ user }: { user: SessionUser | null }) {
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        discern
      </Link>
      <nav aria-label="Main">
        {user ? LINKS.filter((l) => can(user.role, l.permission)).map((l) => <Link key={l.href} href={l.href}>{l.label}</Link>) : null}
      </nav>
      {user ? (
        <>
          <span className="who" data-testid="who">
            {user.name} · {user.role.toLowerCase()}
          </span>
          <SignOutButton />
        </>
      ) : null}
    </header>
  );
}
