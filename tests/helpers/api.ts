import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { inject } from "vitest";
import { issueAccessToken, signUp } from "../../lib/api/operations";
import { createApiClient } from "../../lib/client/api";

export function baseUrl(): string {
  return inject("baseUrl");
}

/**
 * The pages' typed client (lib/client/api.ts), calling as a user access token or API token:
 * `apiAs(user)(createToken, { body })`. `api()` below stays for what no operation declares: bad
 * JSON, wrong types, other endpoints, raw headers.
 */
export function apiAs(credential: { accessToken: string } | string | null, base = baseUrl()) {
  const token = typeof credential === "string" ? credential : credential?.accessToken;
  return createApiClient({ base, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

export type ApiResponse<T = any> = { status: number; headers: Headers; body: T };

export async function api<T = any>(
  path: string,
  init: {
    method?: string;
    body?: unknown;
    rawBody?: string;
    token?: string;
    headers?: Record<string, string>;
    base?: string;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined || init.rawBody !== undefined) headers["content-type"] ??= "application/json";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${init.base ?? baseUrl()}${path}`, {
    method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? "POST" : "GET"),
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

export type TestUser = { email: string; password: string; userId: string; orgId: string; accessToken: string };

/** A fresh user in a fresh organization, with a user access token for the management API. */
export async function createUser(options: { base?: string; organization?: string } = {}): Promise<TestUser> {
  const email = uniqueEmail();
  const password = "correct horse battery";
  const call = apiAs(null, options.base);
  const signup = await call(signUp, { body: { email, password, organization: options.organization } });
  if (!signup.ok) throw new Error(`signup failed: ${signup.message}`);
  const login = await call(issueAccessToken, { body: { email, password } });
  if (!login.ok) throw new Error(`sign-in failed: ${login.message}`);
  return {
    email,
    password,
    userId: signup.data.user.id,
    orgId: signup.data.organization.id,
    accessToken: login.data.accessToken,
  };
}

/**
 * A JSON POST sent from another loopback address (127.0.0.2, 127.0.0.3, ...), so the server sees
 * another client: the whole 127.0.0.0/8 range reaches this machine and nothing else.
 */
export function postFrom<T = any>(
  localAddress: string,
  path: string,
  body: unknown,
  base = baseUrl(),
  headers: Record<string, string> = {},
) {
  if (!localAddress.startsWith("127.")) throw new Error("tests only send from loopback addresses");
  const payload = JSON.stringify(body);
  return new Promise<ApiResponse<T>>((resolve, reject) => {
    const request = httpRequest(
      `${base}${path}`,
      {
        method: "POST",
        localAddress,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...headers },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === "string") headers.set(name, value);
          }
          resolve({ status: response.statusCode ?? 0, headers, body: text ? JSON.parse(text) : null });
        });
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

/** A real sign-in through next-auth's credentials endpoint, as the sign-in page does it. */
export async function signIn(user: TestUser, options: { callbackUrl?: string; base?: string } = {}) {
  const base = options.base ?? baseUrl();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const form = { csrfToken, email: user.email, password: user.password, json: "true" };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams(options.callbackUrl ? { ...form, callbackUrl: options.callbackUrl } : form),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error("no session cookie");
  const { url } = (await response.json()) as { url: string };
  return { url, csrfToken, cookie: `${csrfCookie}; ${session.split(";")[0]}` };
}
