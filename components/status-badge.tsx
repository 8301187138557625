import { cx } from "./ui";

const TONES: Record<string, string> = {
  active: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  done: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  todo: "bg-slate-100 text-slate-700 ring-slate-200",
  in_progress: "bg-sky-50 text-sky-800 ring-sky-200",
  blocked: "bg-amber-50 text-amber-900 ring-amber-200",
  expired: "bg-amber-50 text-amber-900 ring-amber-200",
  revoked: "bg-red-50 text-red-800 ring-red-200",
  "awaiting approval": "bg-amber-50 text-amber-900 ring-amber-200",
  denied: "bg-red-50 text-red-800 ring-red-200",
  urgent: "bg-red-50 text-red-800 ring-red-200",
  high: "bg-orange-50 text-orange-800 ring-orange-200",
};

export function StatusBadge({ value }: { value: string }) {
  return (
    <span
      className={cx(
        "inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        TONES[value] ?? "bg-slate-100 text-slate-700 ring-slate-200",
      )}
    >
      {value.replace("_", " ")}
    </span>
  );
}
