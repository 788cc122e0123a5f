import type { DefaultSession } from "next-auth";
import type { TRole } from "@/lib/auth/roles";

declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string; role: TRole; sessionVersion?: number };
  }
  interface User {
    role: TRole;
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: TRole;
    /** User.sessionVersion at login (lib/auth/session-version.ts). */
    sv?: number;
  }
}
