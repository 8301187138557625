import { exactTime } from "@/lib/client/format";
import type { Metadata } from "next";
import { Card } from "@/components/ui";
import { StatusBadge } from "@/components/status-badge";
import { requirePageUser } from "@/lib/auth/session-user";
import { listTasks } from "@/lib/tasks/tasks";

export const metadata: Metadata = { title: "Tasks" };

// What the organization's agents have done: a read-only view of the tasks they work on over MCP.
export default async function TasksPage() {
  const user = await requirePageUser("/tasks");
  const { tasks } = await listTasks(user.orgId, { limit: 100 });
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Tasks</h1>
      {tasks.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-700">
            No tasks yet. Agents create them with the <code>create_task</code> tool.
          </p>
        </Card>
      ) : (
        <Card className="p-0 sm:p-0">
          <table className="stack-on-phone w-full text-left text-sm">
            <caption className="sr-only">Tasks of your organization</caption>
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
              <tr>
                {["Title", "Status", "Priority", "Updated"].map((column) => (
                  <th key={column} scope="col" className="px-4 py-2">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <tr key={task.id} className="border-b border-slate-100 last:border-0">
                  <td data-label="Title" className="px-4 py-2">
                    <div className="font-medium">{task.title}</div>
                    {task.description && <div className="line-clamp-1 text-xs text-slate-500">{task.description}</div>}
                  </td>
                  <td data-label="Status" className="px-4 py-2">
                    <StatusBadge value={task.status} />
                  </td>
                  <td data-label="Priority" className="px-4 py-2">
                    <StatusBadge value={task.priority} />
                  </td>
                  <td data-label="Updated" className="px-4 py-2 whitespace-nowrap text-slate-600">
                    <time dateTime={task.updatedAt} suppressHydrationWarning>
                      {exactTime(task.updatedAt)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}
