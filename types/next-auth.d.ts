import type { DefaultSession } from "next-auth";
import type { TRole } from "@/lib/auth/roles";

declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string; role: TRole };
  }
  interface User {
    role: TRole;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: TRole;
  }
}
