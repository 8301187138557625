import { downloadResponse } from "@/lib/api/download";
import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { tokenExportLines } from "@/lib/tokens/list-tokens";

// GET /api/v2/tokens/export?format=csv|jsonl - every token the list's filters find, streamed
export const GET = endpoint(api.exportTokens, async ({ user, query }) => {
  const { format, ...filter } = query;
  return downloadResponse(tokenExportLines(user, filter, format), "tokens", format);
});
