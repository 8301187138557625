import { isAllowedAddress, requireAllowedAddress, type Principal } from "../../tokens/verify-token";
import { confirm } from "./bearer";

// Stage 3: the client address the token may be used from.

/**
 * The principal, when the request comes from an address its token may be used from. A list may
 * have widened since this instance kept the row, so a refusal is confirmed against the store first.
 */
export async function admitAddress(principal: Principal, address: string | null): Promise<Principal> {
  const current = isAllowedAddress(principal, address) ? principal : await confirm(principal, "current");
  requireAllowedAddress(current, address);
  return current;
}
