import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { isAppError } from "../errors/app-error";
import { authenticate } from "./authenticate";
import { isRole } from "./roles";
import { authSecret } from "./secret";
import { revokeSessions } from "./session-version";

/**
 * next-auth (v4) with email + password. Sessions are JWTs in an http-only cookie; the role is
 * copied into the token at login and re-read from the database by requireUser on every request,
 * so a disabled user or a changed role takes effect at once. The token also carries the user's
 * session version: sign-out, a password reset, a role change and disabling bump it, which revokes
 * every token issued before (lib/auth/session-version.ts).
 */
export const authOptions: NextAuthOptions = {
  // A getter: the secret is read when a request needs it, not when `next build` loads the module.
  get secret() {
    return authSecret();
  },
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        // The address the proxy in front saw: the rightmost X-Forwarded-For entry (it appends the
        // peer it received from); earlier entries are whatever the client sent, so not trusted.
        const forwarded = request?.headers?.["x-forwarded-for"];
        const ip = typeof forwarded === "string" ? forwarded.split(",").at(-1)?.trim() || undefined : undefined;
        try {
          const user = await authenticate(credentials, ip);
          return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
        } catch (error) {
          // next-auth forwards the thrown message to the client as `error`: keep it one sentence.
          throw new Error(isAppError(error) ? error.userMessage : "Login failed; try again.");
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user && "role" in user && isRole(user.role)) {
        token.uid = user.id;
        token.role = user.role;
        token.sv = user.sessionVersion;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user && typeof token.uid === "string" && isRole(token.role)) {
        session.user.id = token.uid;
        session.user.role = token.role;
        session.user.sessionVersion = token.sv;
      }
      return session;
    },
  },
  events: {
    // Sign-out ends every session of the user (all devices), not only this browser's cookie.
    async signOut({ token }) {
      if (typeof token?.uid === "string") await revokeSessions(token.uid);
    },
  },
};
