import { createServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { readFileSync } from "node:fs";
import {
  Client,
  StreamableHTTPClientTransport,
  type OAuthClientMetadata,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  type StoredOAuthClientInformation,
  type StoredOAuthTokens,
} from "@modelcontextprotocol/client";

// An MCP client that only speaks OAuth: the official 2.x SDK client with an OAuthClientProvider
// that keeps everything in memory and hands the authorization URL to the test (which opens it in
// Chromium, as a desktop app would open the user's browser).
export class TestOAuthProvider implements OAuthClientProvider {
  client?: StoredOAuthClientInformation;
  saved?: StoredOAuthTokens;
  verifier = "";
  authorizationUrl?: URL;

  constructor(
    readonly redirectUrl: string,
    readonly clientMetadataUrl?: string,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "E2E OAuth agent",
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(info: StoredOAuthClientInformation) {
    this.client = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: StoredOAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  discovery?: OAuthDiscoveryState;
  saveDiscoveryState(state: OAuthDiscoveryState) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

export function oauthTransport(mcpUrl: string, provider: TestOAuthProvider) {
  return new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
}

export async function connect(mcpUrl: string, provider: TestOAuthProvider) {
  const client = new Client({ name: "e2e-oauth-agent", version: "1.0.0" });
  await client.connect(oauthTransport(mcpUrl, provider));
  return client;
}

/** Serves a Client ID Metadata Document over HTTPS on loopback, with the run's test certificate. */
export async function serveClientDocument(tls: { cert: string; key: string }, redirectUrl: string) {
  let url = "";
  const server = createHttpsServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, (req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        client_id: url,
        client_name: "E2E metadata-document agent",
        redirect_uris: [redirectUrl],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}/client.json`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Where the browser is sent back: a loopback listener, as a desktop MCP client runs one. */
export async function callbackListener() {
  const server = createServer((_, res) =>
    res.writeHead(200, { "content-type": "text/plain" }).end("You can close this tab."),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/callback`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
