"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Alert, Button, Card, Section } from "@/components/ui";
import { endOtherSessions, endSession, listSessions } from "@/lib/api/operations";
import { callApi, type ResultOf } from "@/lib/client/api";
import { count, describeUserAgent, exactTime } from "@/lib/client/format";
import { useApiLoad } from "@/lib/client/use-api-load";

type Session = ResultOf<typeof listSessions>["sessions"][number];

const sessionName = (session: Session) =>
  session.kind === "access_token"
    ? `User access token (${describeUserAgent(session.userAgent)})`
    : describeUserAgent(session.userAgent);

/**
 * Where one is signed in: each browser and user access token, this one marked, with a way to end
 * any other at once (a lost laptop, a token pasted somewhere it should not be), or all of them.
 */
export function Sessions() {
  const loaded = useApiLoad(listSessions, {});
  const sessions = loaded.data?.sessions ?? null;
  const [ending, setEnding] = useState<Session | "others" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const others = sessions?.filter((session) => !session.current) ?? [];

  function ended(message: string) {
    setEnding(null);
    setDone(message);
    loaded.reload();
  }

  return (
    <Card>
      <Section
        id="sessions-heading"
        title="Sessions"
        gap={3}
        actions={
          others.length > 0 && (
            <Button variant="secondary" onClick={() => setEnding("others")}>
              Sign out of all other sessions
            </Button>
          )
        }
      >
        <p className="text-sm text-slate-600">
          The browsers and user access tokens signed in to your account. Signing out of one ends it at once.
        </p>
        {loaded.error && <Alert>{loaded.error}</Alert>}
        {done && (
          <p role="status" className="text-sm text-slate-600">
            {done}
          </p>
        )}
        {sessions === null && !loaded.error && <p className="text-sm text-slate-600">Loading sessions…</p>}
        <ul className="flex flex-col divide-y divide-slate-100">
          {sessions?.map((session) => (
            <li
              key={session.id}
              data-testid="session"
              className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm"
            >
              <div>
                <p className="font-medium" title={session.userAgent ?? undefined}>
                  {sessionName(session)}
                  {session.current && (
                    <span className="ml-2 rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-800">
                      This session
                    </span>
                  )}
                </p>
                <p className="text-slate-600" suppressHydrationWarning>
                  Signed in {exactTime(session.createdAt)}
                  {session.address && ` from ${session.address}`}
                  {session.singleSignOn && " through single sign-on"} · ends {exactTime(session.expiresAt)}
                </p>
              </div>
              {!session.current && (
                <Button variant="secondary" onClick={() => setEnding(session)}>
                  Sign out
                </Button>
              )}
            </li>
          ))}
        </ul>
      </Section>
      {ending === "others" && (
        <ConfirmDialog
          title="Sign out of all other sessions?"
          confirmLabel="Sign out"
          tone="danger"
          action={() => callApi(endOtherSessions)}
          onDone={(data) => ended(`Signed out of ${count(data.ended, "other session")}.`)}
          onCancel={() => setEnding(null)}
        >
          {count(others.length, "other session")} end now; this one stays signed in.
        </ConfirmDialog>
      )}
      {ending !== null && ending !== "others" && (
        <ConfirmDialog
          title="Sign out of this session?"
          confirmLabel="Sign out"
          tone="danger"
          action={() => callApi(endSession, { params: { id: ending.id } })}
          onDone={() => ended(`Signed out of ${sessionName(ending)}.`)}
          onCancel={() => setEnding(null)}
        >
          {sessionName(ending)}, signed in {exactTime(ending.createdAt)}, is signed out now.
        </ConfirmDialog>
      )}
    </Card>
  );
}
