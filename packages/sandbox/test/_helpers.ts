// Shared helpers of the sandbox HTTP-layer tests (not a test file itself).

import { createHmac } from "node:crypto";
import { createSandbox } from "../src/create-sandbox.js";

// Computed independently of the client's signer, so a bug there cannot hide here.
const hmacSha256Hex = async (secret: string, message: string): Promise<string> =>
  createHmac("sha256", secret).update(message).digest("hex");

import type { Sandbox } from "../src/types/sandbox.js";
import type { SandboxOptions } from "../src/types/sandbox-options.js";

/** Any origin works in-process; the real host keeps the tests honest about paths. */
export const API = "https://wbsapi.withings.net";
export const CLIENT_ID = "withings-kit-sandbox";
export const CLIENT_SECRET = "sandbox-secret";
export const REDIRECT = "http://127.0.0.1:8765/callback";

/** The envelope every API answer is. */
export interface Envelope {
  status: number;
  body: Record<string, unknown>;
  error?: string;
}

/**
 * A virtual-clock sandbox whose internal errors fail the test instead of becoming 2555. Its
 * clock starts at a fixed instant unless told otherwise: synthetic histories follow the
 * clock, and a test must not depend on the day it runs.
 */
export function testSandbox(options: SandboxOptions = {}): Sandbox {
  return createSandbox({
    seed: 7,
    clock: "virtual",
    startTime: Date.UTC(2026, 0, 14, 12) / 1000,
    onError: (error) => {
      throw error;
    },
    ...options,
  });
}

/** POSTs a form to the API, with a Bearer token when given, and decodes the envelope. */
export async function post(
  sandbox: Sandbox,
  service: string,
  params: Record<string, string>,
  token?: string,
): Promise<Envelope> {
  const response = await sandbox.fetch(
    new Request(`${API}${service}`, {
      method: "POST",
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: new URLSearchParams(params),
    }),
  );
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as Envelope;
}

/** GETs the API with the parameters (and any token) in the query. */
export async function get(
  sandbox: Sandbox,
  service: string,
  params: Record<string, string>,
): Promise<Envelope> {
  const response = await sandbox.fetch(`${API}${service}?${new URLSearchParams(params)}`);
  return (await response.json()) as Envelope;
}

/** The authorize URL of the default app. */
export function authorizeUrl(extra: Record<string, string> = {}): string {
  return `${API}/oauth2_user/authorize2?${new URLSearchParams({
    response_type: "code",
    client_id: CLIENT_ID,
    scope: "user.info,user.metrics,user.activity",
    state: "st4te",
    redirect_uri: REDIRECT,
    ...extra,
  })}`;
}

/** Runs the consent page with the test flag and answers the code from the redirect. */
export async function authorizeCode(
  sandbox: Sandbox,
  userid = "new",
  extra: Record<string, string> = {},
): Promise<string> {
  const response = await sandbox.fetch(
    authorizeUrl({ sandbox_user: userid, sandbox_approve: "1", ...extra }),
  );
  if (response.status !== 302) throw new Error(`authorize answered ${response.status}`);
  const location = new URL(response.headers.get("location") ?? "");
  return location.searchParams.get("code") ?? "";
}

/** Exchanges a code with the client secret. */
export function exchange(
  sandbox: Sandbox,
  code: string,
  redirectUri = REDIRECT,
): Promise<Envelope> {
  return post(sandbox, "/v2/oauth2", {
    action: "requesttoken",
    grant_type: "authorization_code",
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    code,
    redirect_uri: redirectUri,
  });
}

/** Refreshes with the client secret. */
export function refresh(sandbox: Sandbox, refreshToken: string): Promise<Envelope> {
  return post(sandbox, "/v2/oauth2", {
    action: "requesttoken",
    grant_type: "refresh_token",
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    refresh_token: refreshToken,
  });
}

let nonceCalls = 0;

/**
 * Gets a nonce the signed way (reference §6). Two getnonce calls in the same second would be
 * identical requests (601), so each call backdates its timestamp a little, within tolerance.
 */
export async function nonce(sandbox: Sandbox): Promise<string> {
  const timestamp = String(sandbox.clock.nowSeconds() - (nonceCalls++ % 200));
  const answer = await post(sandbox, "/v2/signature", {
    action: "getnonce",
    client_id: CLIENT_ID,
    timestamp,
    signature: await hmacSha256Hex(CLIENT_SECRET, `getnonce,${CLIENT_ID},${timestamp}`),
  });
  if (answer.status !== 0) throw new Error(`getnonce: ${JSON.stringify(answer)}`);
  return String(answer.body["nonce"]);
}

/** The signed fields of a call: a fresh nonce and its signature. */
export async function signed(sandbox: Sandbox, action: string): Promise<Record<string, string>> {
  const n = await nonce(sandbox);
  return {
    client_id: CLIENT_ID,
    nonce: n,
    signature: await hmacSha256Hex(CLIENT_SECRET, `${action},${CLIENT_ID},${n}`),
  };
}
