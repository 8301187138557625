import type { TokenListItem, TokenView } from "@/lib/tokens/schemas";

export type { TokenListItem, TokenView };
export type IssuedToken = TokenView & { token: string };
