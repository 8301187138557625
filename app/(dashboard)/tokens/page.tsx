import type { Metadata } from "next";
import { Card } from "@/components/ui";

export const metadata: Metadata = { title: "API Tokens" };

export default function TokensPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">API Tokens</h1>
      <Card>
        <p className="text-sm text-slate-700">Token management arrives here next.</p>
      </Card>
    </div>
  );
}
