import { SCOPES, type Scope } from "@/lib/scopes";

/** A checkbox per scope, all named `name` in the form; `checked` says which start ticked. */
export function ScopeCheckboxes({
  legend,
  name,
  checked,
  error,
}: {
  legend: string;
  name: string;
  checked: (scope: Scope) => boolean;
  error?: string;
}) {
  return (
    <fieldset className="text-sm">
      <legend className="font-medium">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-3">
        {SCOPES.map((scope) => (
          <label key={scope} className="flex items-center gap-1">
            <input type="checkbox" name={name} value={scope} defaultChecked={checked(scope)} />
            <code>{scope}</code>
          </label>
        ))}
      </div>
      {error && <p className="mt-1 text-xs text-red-700">{error}</p>}
    </fieldset>
  );
}
