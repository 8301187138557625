import { exactTime } from "@/lib/client/format";
import type { Metadata } from "next";
import { DataTable, type Column } from "@/components/data-table";
import { Card } from "@/components/ui";
import { StatusBadge } from "@/components/status-badge";
import { requirePageUser } from "@/lib/auth/session-user";
import { listTasks } from "@/lib/tasks/tasks";

export const metadata: Metadata = { title: "Tasks" };

type TaskRow = Awaited<ReturnType<typeof listTasks>>["tasks"][number];

const COLUMNS: Column<TaskRow>[] = [
  {
    header: "Title",
    cell: (task) => (
      <>
        <div className="font-medium">{task.title}</div>
        {task.description && <div className="line-clamp-1 text-xs text-slate-500">{task.description}</div>}
      </>
    ),
  },
  { header: "Status", cell: (task) => <StatusBadge value={task.status} /> },
  { header: "Priority", cell: (task) => <StatusBadge value={task.priority} /> },
  {
    header: "Updated",
    cell: (task) => <time dateTime={task.updatedAt}>{exactTime(task.updatedAt)}</time>,
    className: "whitespace-nowrap text-slate-600",
  },
];

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
        <Card>
          <DataTable caption="Tasks of your organization" columns={COLUMNS} rows={tasks} rowKey="id" />
        </Card>
      )}
    </div>
  );
}
