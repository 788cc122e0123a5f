import type { Metadata } from "next";
import type { ReactNode } from "react";
import { currentUser } from "@/lib/auth/current-user";
import { TopBar } from "@/components/top-bar";
import "./globals.css";

export const metadata: Metadata = {
  title: "discern",
  description: "Lumbar spine MRI: AI pre-annotation, review and sign-off.",
};

export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser().catch(() => null);
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <TopBar user={user} />
          {children}
        </div>
      </body>
    </html>
  );
}
