import type {
  ButtonHTMLAttributes,
  FormEventHandler,
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";
import { asSentence } from "@/lib/client/format";

// The few primitives every page shares, so forms and buttons look and behave the same everywhere.
export function cx(...classes: (string | false | null | undefined)[]) {
  return classes.filter(Boolean).join(" ");
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: "primary" | "secondary" | "danger" | "ghost" };

export function Button({ variant = "primary", className, type = "button", ...props }: ButtonProps) {
  const styles = {
    primary: "bg-indigo-600 text-white hover:bg-indigo-700 disabled:bg-indigo-300",
    secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400",
    danger: "bg-red-600 text-white hover:bg-red-700 disabled:bg-red-300",
    ghost: "text-slate-700 hover:bg-slate-100 disabled:text-slate-400",
  }[variant];
  return (
    <button
      type={type}
      className={cx(
        "inline-flex items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed",
        styles,
        className,
      )}
      {...props}
    />
  );
}

/** A control with its label above it and its hint and error under it, tied by aria-describedby. */
function Labelled({
  id,
  label,
  hint,
  error,
  className,
  control,
}: {
  id: string | undefined;
  label: string;
  hint?: ReactNode;
  error?: string;
  className?: string;
  control: (describedBy: string | undefined) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={cx("flex flex-col gap-1 text-sm", className)}>
      <label htmlFor={id} className="font-medium text-slate-800">
        {label}
      </label>
      {control([hintId, errorId].filter(Boolean).join(" ") || undefined)}
      {hint && (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-xs text-red-600">
          {asSentence(error)}
        </p>
      )}
    </div>
  );
}

export type SelectOption = { value: string; label: string; disabled?: boolean };
type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { options: readonly SelectOption[] };

/** A choice among `options`; give it a label (SelectField) or an aria-label. */
export function Select({ options, className, ...props }: SelectProps) {
  return (
    <select className={cx("rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm", className)} {...props}>
      {options.map((option) => (
        <option key={option.value} value={option.value} disabled={option.disabled}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

type SelectFieldProps = SelectProps & { label: string; hint?: ReactNode };

/** A labelled choice among `options`, with an optional hint under it. */
export function SelectField({ label, hint, id, className, ...props }: SelectFieldProps) {
  const selectId = id ?? props.name;
  return (
    <Labelled
      id={selectId}
      label={label}
      hint={hint}
      className={className}
      control={(describedBy) => <Select id={selectId} aria-describedby={describedBy} {...props} />}
    />
  );
}

/**
 * Ties a form's inputs to the field errors the API answered (`fields` of a 400): `bind("issuer")`
 * gives the input its id, name and first error; `errorKey` when the API names it otherwise.
 */
export function bindFields(form: string, errors: Record<string, string[] | undefined>) {
  return (name: string, errorKey = name) => ({ id: `${form}-${name}`, name, error: errors[errorKey]?.[0] });
}

type Labels = { label: string; hint?: ReactNode; error?: string };

/** What every text control shares: its id, the hint and error it is described by, the error's colour. */
function controlProps(id: string | undefined, error: string | undefined, describedBy: string | undefined, look = "") {
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    className: cx(
      "rounded-md border bg-white px-3 py-2 shadow-sm",
      look,
      error ? "border-red-500" : "border-slate-300",
    ),
  };
}

export function Field({ label, hint, error, id, className, ...props }: InputHTMLAttributes<HTMLInputElement> & Labels) {
  const inputId = id ?? props.name;
  return (
    <Labelled
      {...{ id: inputId, label, hint, error, className }}
      control={(describedBy) => <input {...controlProps(inputId, error, describedBy)} {...props} />}
    />
  );
}

/** Several lines of text (a pasted secret, one condition a line), labelled as a Field is. */
export function TextAreaField({
  label,
  hint,
  error,
  id,
  className,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & Labels) {
  const inputId = id ?? props.name;
  return (
    <Labelled
      {...{ id: inputId, label, hint, error, className }}
      control={(describedBy) => (
        <textarea
          spellCheck={false}
          autoComplete="off"
          {...controlProps(inputId, error, describedBy, "font-mono text-xs")}
          {...props}
        />
      )}
    />
  );
}

export function Alert({
  children,
  tone = "error",
}: {
  children: ReactNode;
  tone?: "error" | "warning" | "info" | "success";
}) {
  const styles = {
    error: "border-red-200 bg-red-50 text-red-800",
    warning: "border-amber-200 bg-amber-50 text-amber-900",
    info: "border-sky-200 bg-sky-50 text-sky-900",
    success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cx("rounded-md border px-3 py-2 text-sm", styles)}>
      {children}
    </div>
  );
}

export function Card({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <section className={cx("rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6", className)}>
      {children}
    </section>
  );
}

/**
 * A titled part of a page. The heading names the region for assistive technology; level 3 for a part
 * inside another part. `actions` sit on the heading's line.
 */
export function Section({
  id,
  title,
  level = 2,
  gap = 2,
  actions,
  children,
}: {
  id: string;
  title: ReactNode;
  level?: 2 | 3;
  gap?: 2 | 3;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  const heading = (
    <Heading id={id} className={level === 2 ? "text-base font-semibold" : "text-sm font-medium"}>
      {title}
    </Heading>
  );
  return (
    <section aria-labelledby={id} className={cx("flex flex-col", gap === 2 ? "gap-2" : "gap-3")}>
      {actions ? (
        <div className="flex flex-wrap items-center justify-between gap-2">
          {heading}
          {actions}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}

/** A form whose fields and button sit on one line, wrapping on a narrow screen; `label` names it. */
export function InlineForm({
  label,
  onSubmit,
  children,
}: {
  label: string;
  onSubmit: FormEventHandler<HTMLFormElement>;
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} aria-label={label} className="flex flex-wrap items-end gap-3">
      {children}
    </form>
  );
}

/** A labelled row of small chips (a token's scopes, an agent's capabilities). */
export function ChipList({ label, items, mono = false }: { label: string; items: readonly string[]; mono?: boolean }) {
  return (
    <ul aria-label={label} className="mt-2 flex flex-wrap gap-1">
      {items.map((item) => (
        <li key={item} className={cx("rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700", mono && "font-mono")}>
          {item}
        </li>
      ))}
    </ul>
  );
}
