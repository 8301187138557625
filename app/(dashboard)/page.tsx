import Link from "next/link";
import { Card } from "@/components/ui";
import { requirePageUser } from "@/lib/auth/session-user";

export default async function OverviewPage() {
  const user = await requirePageUser("/");
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Welcome{user.name ? `, ${user.name}` : ""}</h1>
      <Card>
        <p className="text-sm text-slate-700">
          Connect Cursor, VS Code, Claude Code or your own agents to this Keyway server with an API token.
        </p>
        <div className="mt-3 flex flex-wrap gap-4 text-sm font-medium text-indigo-700">
          <Link href="/tokens" className="underline">
            Manage API tokens
          </Link>
          <Link href="/tasks" className="underline">
            See your organization&apos;s tasks
          </Link>
          <Link href="/agents" className="underline">
            See its agents
          </Link>
        </div>
      </Card>
    </div>
  );
}
