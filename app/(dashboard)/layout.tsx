import type { ReactNode } from "react";
import { headers } from "next/headers";
import { SiteHeader } from "@/components/site-header";
import { requirePageUser } from "@/lib/auth/session-user";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const path = (await headers()).get("x-keyway-path") ?? "/";
  const user = await requirePageUser(path);
  return (
    <>
      <SiteHeader user={user} />
      <main className="mx-auto max-w-5xl px-4 py-6">{children}</main>
    </>
  );
}
