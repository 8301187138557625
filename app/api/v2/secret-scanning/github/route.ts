import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { readText } from "@/lib/api/parse";
import { clientAddress } from "@/lib/net/client-address";
import { handleGithubReport, MAX_REPORT_BYTES } from "@/lib/tokens/secret-scanning";

// POST /api/v2/secret-scanning/github - GitHub's secret-scanning reports; the signature covers the raw body
export const POST = endpoint(api.githubLeakReport, async ({ request }) =>
  handleGithubReport(
    await readText(request, MAX_REPORT_BYTES),
    request.headers.get("github-public-key-identifier"),
    request.headers.get("github-public-key-signature"),
    clientAddress(request.headers),
  ),
);
