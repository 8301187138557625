"use client";

import { RESOURCES, type AccessLevel, type Resource } from "@/lib/scopes";

const LEVELS: { value: AccessLevel; label: string }[] = [
  { value: "none", label: "None" },
  { value: "read", label: "Read" },
  { value: "write", label: "Read and write" },
];
const RANK: Record<AccessLevel, number> = { none: 0, read: 1, write: 2 };

export type Levels = Record<Resource, AccessLevel>;
export const NO_ACCESS: Levels = { tasks: "none", context: "none", agents: "none" };

/**
 * Per resource, None / Read / Read and write (write holds read), as a radio group each; with
 * `ceiling`, nothing above it can be chosen (a token's scopes only narrow).
 */
export function AccessLevels({
  name,
  value,
  onChange,
  ceiling,
}: {
  name: string;
  value: Levels;
  onChange: (levels: Levels) => void;
  ceiling?: Levels;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      {RESOURCES.map((resource) => (
        // min-w-0: a fieldset is as wide as its content by default, which pushes a narrow grid past its edge.
        <fieldset key={resource.id} className="min-w-0 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium">{resource.label}</legend>
          <div className="flex flex-col gap-1 text-sm">
            {LEVELS.map((level) => (
              <label key={level.value} className="flex cursor-pointer items-center gap-2">
                <input
                  type="radio"
                  name={`${name}-${resource.id}`}
                  value={level.value}
                  checked={value[resource.id] === level.value}
                  disabled={ceiling !== undefined && RANK[level.value] > RANK[ceiling[resource.id]]}
                  onChange={() => onChange({ ...value, [resource.id]: level.value })}
                  className="accent-indigo-600"
                />
                {level.label}{" "}
                {level.value !== "none" && (
                  <code className="text-xs text-slate-600">{`${level.value}:${resource.id}`}</code>
                )}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </div>
  );
}
