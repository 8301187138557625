import { randomUUID } from "node:crypto";
import { inject } from "vitest";

export function baseUrl(): string {
  return inject("baseUrl");
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
  const signup = await api("/api/v2/auth/signup", {
    base: options.base,
    body: { email, password, organization: options.organization },
  });
  if (signup.status !== 201) throw new Error(`signup failed: ${JSON.stringify(signup.body)}`);
  const login = await api("/api/v2/auth/token", { base: options.base, body: { email, password } });
  return {
    email,
    password,
    userId: signup.body.user.id,
    orgId: signup.body.organization.id,
    accessToken: login.body.accessToken,
  };
}
