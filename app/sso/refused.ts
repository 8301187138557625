import { NextResponse } from "next/server";
import { SsoRefused } from "@/lib/auth/sso";
import { config } from "@/lib/config";
import { log } from "@/lib/log";

/**
 * Back to the sign-in page with the reason's code (its sentence is on the page), or to the Account
 * page for a refused link (the person is signed in there).
 */
export function ssoRefusedRedirect(error: unknown, returnTo: string | null) {
  if (!(error instanceof SsoRefused)) {
    log("error", "sso.failed", { reason: error instanceof Error ? error.message : String(error) });
  }
  const linking = error instanceof SsoRefused && error.linking;
  const target = new URL(linking ? "/account" : "/signin", config().appUrl);
  target.searchParams.set("sso", error instanceof SsoRefused ? error.reason : "unavailable");
  if (!linking && returnTo && returnTo !== "/") target.searchParams.set("callbackUrl", returnTo);
  return NextResponse.redirect(target, 303);
}
