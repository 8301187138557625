import Link from "next/link";
import { KeyRound } from "lucide-react";
import type { AccountUser } from "@/lib/auth/accounts";
import { managesOrganization } from "@/lib/auth/roles";
import { MobileMenu } from "./mobile-menu";
import { SignOutButton } from "./sign-out-button";
import { OrganizationSwitcher } from "./teams/organization-switcher";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/tasks", label: "Tasks" },
  { href: "/agents", label: "Agents" },
  { href: "/organization", label: "Organization" },
  { href: "/docs/mcp", label: "Docs" },
];
// Owners and admins also read the organization's audit log.
const MANAGER_NAV = [{ href: "/audit", label: "Audit log" }];

export function SiteHeader({ user }: { user: AccountUser }) {
  const items = [...NAV, ...(managesOrganization(user) ? MANAGER_NAV : [])];
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center gap-3 px-4 py-3">
        <MobileMenu
          items={[...items, { href: "/tokens", label: "API Tokens" }, { href: "/account", label: "Account" }]}
          who={user.name ?? user.email}
        />
        <Link href="/" className="flex items-center gap-2 font-semibold">
          <KeyRound aria-hidden className="size-5 text-indigo-600" /> Keyway
        </Link>
        <nav aria-label="Main" className="ml-2 hidden gap-1 text-sm sm:flex">
          {items.map((item) => (
            <Link key={item.href} href={item.href} className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100">
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <OrganizationSwitcher />
          <Link
            href="/account"
            className="hidden max-w-48 truncate rounded px-1 text-sm text-slate-600 hover:bg-slate-100 sm:inline"
            title={`${user.email}: account and sign-in security`}
          >
            {user.name ?? user.email}
          </Link>
          {/* The key icon, labelled in words where there is room (the phone menu lists it too). */}
          <Link
            href="/tokens"
            aria-label="API Tokens"
            className="flex items-center gap-1.5 rounded-md p-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
          >
            <KeyRound aria-hidden className="size-5" />
            <span aria-hidden className="hidden md:inline">
              API Tokens
            </span>
          </Link>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
