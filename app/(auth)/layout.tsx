import type { ReactNode } from "react";
import { KeyRound } from "lucide-react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-4 py-10">
      <div className="flex items-center gap-2 text-xl font-semibold">
        <KeyRound aria-hidden className="size-6 text-indigo-600" /> Keyway
      </div>
      {children}
    </main>
  );
}
