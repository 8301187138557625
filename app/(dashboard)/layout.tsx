import type { ReactNode } from "react";
import { headers } from "next/headers";
import { SiteHeader } from "@/components/site-header";
import { requirePageUser } from "@/lib/auth/session-user";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const path = (await headers()).get("x-keyway-path") ?? "/";
  const user = await requirePageUser(path);
  return (
    <>
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to content
      </a>
      <SiteHeader user={user} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </>
  );
}
