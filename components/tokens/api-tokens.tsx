"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import { Card, cx } from "@/components/ui";
import { ConnectedApps } from "./connected-apps";
import { CopyOnceDialog } from "./copy-once-dialog";
import { GenerateTokenForm } from "./generate-token-form";
import type { TokenWithSecret } from "@/lib/tokens/schemas";
import { TokenList } from "./token-list";
import { useTokenList } from "./use-token-list";

const TABS = [
  { id: "list", label: "Your tokens" },
  { id: "generate", label: "Generate token" },
  { id: "apps", label: "Connected apps" },
] as const;
type TabId = (typeof TABS)[number]["id"];

type Props = { userId: string; mcpUrl: string; canSeeOrganization: boolean };

export function ApiTokens({ userId, mcpUrl, canSeeOrganization }: Props) {
  const [tab, setTab] = useState<TabId>("list");
  // The only place a secret lives on the page; set to null when its dialog closes.
  const [issued, setIssued] = useState<{ token: TokenWithSecret; rotated: boolean } | null>(null);
  const list = useTokenList();
  const tabRefs = useRef<Record<TabId, HTMLButtonElement | null>>({ list: null, generate: null, apps: null });

  function select(id: TabId) {
    setTab(id);
    tabRefs.current[id]?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    event.preventDefault();
    const index = TABS.findIndex((t) => t.id === tab);
    select(TABS[(index + (event.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!.id);
  }

  return (
    <div className="flex flex-col gap-4">
      <div
        role="tablist"
        aria-label="API tokens"
        onKeyDown={onKeyDown}
        className="flex gap-1 border-b border-slate-200"
      >
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            className={cx(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              tab === t.id
                ? "border-indigo-600 text-indigo-700"
                : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="panel-list" aria-labelledby="tab-list" hidden={tab !== "list"}>
        <TokenList
          list={list}
          userId={userId}
          canSeeOrganization={canSeeOrganization}
          onIssued={(token) => setIssued({ token, rotated: true })}
          onGenerate={() => select("generate")}
        />
      </div>
      <div role="tabpanel" id="panel-generate" aria-labelledby="tab-generate" hidden={tab !== "generate"}>
        <Card>
          <GenerateTokenForm
            onIssued={(token) => {
              setIssued({ token, rotated: false });
              void list.reload();
            }}
          />
        </Card>
      </div>
      <div role="tabpanel" id="panel-apps" aria-labelledby="tab-apps" hidden={tab !== "apps"}>
        {tab === "apps" && <ConnectedApps userId={userId} canSeeOrganization={canSeeOrganization} />}
      </div>
      {issued && (
        <CopyOnceDialog
          issued={issued.token}
          rotated={issued.rotated}
          mcpUrl={mcpUrl}
          onDone={() => {
            setIssued(null);
            setTab("list");
            void list.reload();
          }}
        />
      )}
    </div>
  );
}
