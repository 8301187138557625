import type { ReactNode } from "react";
import { exactTime, relativeTime } from "@/lib/client/format";

// The facts a token card and a connected-app card show in their grid, the same way in both.
export function Fact({
  label,
  title,
  className,
  children,
}: {
  label: ReactNode;
  title?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd title={title} className={className}>
        {children}
      </dd>
    </div>
  );
}

/** A moment as "3 days ago" with the exact time in the title. */
export function TimeFact({
  label,
  at,
  className,
  suffix,
}: {
  label: ReactNode;
  at: string;
  className?: string;
  suffix?: ReactNode;
}) {
  return (
    <Fact label={label} title={exactTime(at)} className={className}>
      {relativeTime(at)}
      {suffix}
    </Fact>
  );
}

export function LastUsedFact({ at }: { at: string | null }) {
  return at ? <TimeFact label="Last used" at={at} /> : <Fact label="Last used">Never</Fact>;
}

export function RequestsFact({ count }: { count: number }) {
  return <Fact label="Requests (24 h)">{count.toLocaleString("en")}</Fact>;
}
