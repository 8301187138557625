import type { Metadata } from "next";
import Link from "next/link";
import { KeyRound } from "lucide-react";

export const metadata: Metadata = { title: "Page not found" };

/** Every unknown page: Keyway's own, with a way home (API routes answer JSON 404s instead). */
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 px-4 text-center">
      <KeyRound aria-hidden className="size-10 text-indigo-600" />
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-sm text-slate-600">
        There is nothing at this address. It may have moved, or the link is wrong.
      </p>
      <nav aria-label="Where to go" className="flex gap-3 text-sm">
        <Link href="/" className="rounded-md bg-indigo-600 px-3 py-2 font-medium text-white hover:bg-indigo-700">
          Go to Keyway
        </Link>
        <Link href="/tokens" className="rounded-md border border-slate-300 bg-white px-3 py-2 font-medium">
          API Tokens
        </Link>
      </nav>
    </main>
  );
}
