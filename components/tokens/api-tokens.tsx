"use client";

import { useEffect, useRef, useState } from "react";
import { Tabs } from "@/components/tabs";
import { Card, cx } from "@/components/ui";
import { ConnectedApps } from "./connected-apps";
import { CopyOnceDialog } from "./copy-once-dialog";
import { GenerateTokenForm } from "./generate-token-form";
import type { TokenWithSecret } from "@/lib/tokens/schemas";
import type { Role } from "@/lib/auth/roles";
import type { listTokens } from "@/lib/api/operations";
import type { ResultOf } from "@/lib/client/api";
import { TokenList } from "./token-list";
import { UsageOverview } from "./usage-overview";
import { useTokenList } from "./use-token-list";

const TABS = [
  { id: "list", label: "Your tokens" },
  { id: "generate", label: "Generate token" },
  { id: "usage", label: "Usage" },
  { id: "apps", label: "Connected apps" },
] as const;
type TabId = (typeof TABS)[number]["id"];

type Props = {
  userId: string;
  role: Role;
  canSeeOrganization: boolean;
  initialTab?: string;
  linkedToken?: { id: string; name: string };
  /** The list's first page, as the server rendered the page. */
  firstPage?: ResultOf<typeof listTokens>;
};

const isTab = (value: string | undefined): value is TabId => TABS.some((t) => t.id === value);

export function ApiTokens({ userId, role, canSeeOrganization, initialTab, linkedToken, firstPage }: Props) {
  const [tab, setTab] = useState<TabId>(isTab(initialTab) ? initialTab : "list");
  // The only place a secret lives on the page; set to null when its dialog closes.
  const [issued, setIssued] = useState<{ token: TokenWithSecret; rotated: boolean } | null>(null);
  const list = useTokenList(firstPage);
  const backToList = useRef(false);

  function select(id: TabId) {
    setTab(id);
    // The address follows the tab, so a reload or a shared link opens the same one.
    const url = new URL(window.location.href);
    url.searchParams.set("tab", id);
    window.history.replaceState(null, "", url);
  }

  // After the copy-once dialog, whose opener (the Generate button) is now hidden, focus goes to the list's tab.
  useEffect(() => {
    if (issued || !backToList.current) return;
    backToList.current = false;
    document.getElementById("tab-list")?.focus();
  }, [issued]);

  return (
    <div className="flex flex-col gap-4">
      <Tabs
        label="API tokens"
        tabs={TABS}
        selected={tab}
        onSelect={select}
        tabId={(id) => `tab-${id}`}
        panelId={(id) => `panel-${id}`}
        className="flex flex-wrap gap-x-1 border-b border-slate-200"
        tabClassName={(selected) =>
          cx(
            "-mb-px shrink-0 border-b-2 px-3 py-2 text-sm font-medium",
            selected ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
          )
        }
      />
      <div role="tabpanel" id="panel-list" aria-labelledby="tab-list" hidden={tab !== "list"}>
        <TokenList
          linkedToken={linkedToken}
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
            role={role}
            onIssued={(token) => {
              setIssued({ token, rotated: false });
              void list.reload();
            }}
          />
        </Card>
      </div>
      <div role="tabpanel" id="panel-usage" aria-labelledby="tab-usage" hidden={tab !== "usage"}>
        {tab === "usage" && <UsageOverview canSeeOrganization={canSeeOrganization} />}
      </div>
      <div role="tabpanel" id="panel-apps" aria-labelledby="tab-apps" hidden={tab !== "apps"}>
        {tab === "apps" && <ConnectedApps userId={userId} canSeeOrganization={canSeeOrganization} />}
      </div>
      {issued && (
        <CopyOnceDialog
          issued={issued.token}
          rotated={issued.rotated}
          onDone={() => {
            backToList.current = true;
            setIssued(null);
            select("list");
            void list.reload();
          }}
        />
      )}
    </div>
  );
}
