import type { Metadata } from "next";
import { Card, ChipList } from "@/components/ui";
import { listAgents } from "@/lib/agents/agents";
import { requirePageUser } from "@/lib/auth/session-user";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  const user = await requirePageUser("/agents");
  const { agents } = await listAgents(user.orgId);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Agents</h1>
      {agents.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-700">
            No agents registered. Agents register with the <code>register_agent</code> tool.
          </p>
        </Card>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {agents.map((agent) => (
            <li key={agent.id}>
              <Card>
                <h2 className="font-medium">{agent.name}</h2>
                {agent.description && <p className="mt-1 text-sm text-slate-600">{agent.description}</p>}
                {agent.capabilities.length > 0 && <ChipList label="Capabilities" items={agent.capabilities} />}
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
