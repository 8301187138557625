import { Field } from "@/components/ui";
import { MAX_RATE_LIMIT_PER_HOUR } from "@/lib/tokens/schemas";

/** A token's rate limit, as the Generate form and the Edit dialog both ask for it. */
export function RateLimitField({
  name,
  max = MAX_RATE_LIMIT_PER_HOUR,
  value,
  onChange,
  error,
  hint,
  className,
}: {
  name: string;
  /** Below the API's own maximum where the organization's policy says so. */
  max?: number;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  className?: string;
}) {
  return (
    <Field
      label="Rate limit (requests per hour)"
      name={name}
      type="number"
      min={1}
      max={max}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
      hint={hint}
      className={className}
    />
  );
}
