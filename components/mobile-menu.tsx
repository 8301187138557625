"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Menu, X } from "lucide-react";

/**
 * The navigation on a phone: a disclosure button (WAI-ARIA) that closes on Escape, on leaving it,
 * and when the page changes, since the header stays mounted across client-side navigations.
 */
export function MobileMenu({ items, who }: { items: { href: string; label: string }[]; who: string }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  useEffect(() => setOpen(false), [pathname]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== "Escape" || !open) return;
    setOpen(false);
    button.current?.focus();
  }

  return (
    <div className="relative sm:hidden" onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label="Menu"
        onClick={() => setOpen(!open)}
        className="flex items-center rounded-md p-2 text-slate-700 hover:bg-slate-100"
      >
        {open ? <X aria-hidden className="size-5" /> : <Menu aria-hidden className="size-5" />}
      </button>
      {open && (
        <nav
          id={panelId}
          aria-label="Menu"
          className="absolute left-0 z-20 mt-2 w-56 rounded-md border border-slate-200 bg-white p-2 shadow-lg"
        >
          <p className="truncate px-2 pb-2 text-xs text-slate-500">Signed in as {who}</p>
          <ul className="flex flex-col">
            {items.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={pathname === item.href ? "page" : undefined}
                  onClick={() => setOpen(false)}
                  className="block rounded px-2 py-2 text-sm text-slate-800 hover:bg-slate-100 aria-[current=page]:font-semibold"
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </div>
  );
}
