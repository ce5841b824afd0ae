import {
  isWithingsError,
  WithingsAuthError,
  type WithingsClient,
  WithingsNetworkError,
  WithingsTimeoutError,
} from "@withings-kit/client";
import { SUBSCRIBED_APPLIS } from "../notifications/appli-datasets.js";

/**
 * One finding of {@link diagnose}: what was checked, whether it is right, and in plain
 * words what is wrong and what to do.
 *
 * @example
 * ```ts
 * const f: Finding = { check: "credentials", ok: false, message: "the client secret is wrong", fix: "check WITHINGS_CLIENT_SECRET" };
 * ```
 */
export interface Finding {
  /** `credentials`, `api`, `callback`, `login`, `subscriptions`. */
  readonly check: "credentials" | "api" | "callback" | "login" | "subscriptions";
  readonly ok: boolean;
  readonly message: string;
  readonly fix?: string;
}

/**
 * Options of {@link diagnose}.
 *
 * @example
 * ```ts
 * const o: DiagnoseOptions = { client, publicUrl: "https://kit.example.org", webhookToken };
 * ```
 */
export interface DiagnoseOptions {
  readonly client: WithingsClient;
  /** The origin Withings calls; without it the callback and subscriptions are not checked. */
  readonly publicUrl?: string;
  readonly webhookToken?: string;
  /** The `fetch` of the callback check. @default globalThis.fetch */
  readonly fetch?: (request: Request) => Promise<Response>;
}

/**
 * Checks what a deployment needs, in the order it needs it: the app's credentials (a
 * signed call that only the right secret passes), the public callback (HEAD through the
 * public URL, and the URL rules Withings enforces: https, a real domain, port 443), every
 * user's login, and every user's subscriptions at the callback. Never says a secret.
 *
 * @example
 * ```ts
 * for (const f of await diagnose({ client, publicUrl, webhookToken })) console.log(f.ok ? "ok" : "!!", f.message);
 * ```
 */
export async function diagnose(options: DiagnoseOptions): Promise<Finding[]> {
  const { client } = options;
  const findings: Finding[] = [];
  try {
    await client.getNonce();
    findings.push({
      check: "credentials",
      ok: true,
      message: "the app's client id and secret are accepted",
    });
  } catch (error) {
    if (error instanceof WithingsNetworkError || error instanceof WithingsTimeoutError) {
      findings.push({
        check: "api",
        ok: false,
        message: `the Withings API at ${client.apiUrl} cannot be reached`,
        fix: "check the network, a proxy, or the cloud setting (WITHINGS_CLOUD)",
      });
      return findings;
    }
    findings.push({
      check: "credentials",
      ok: false,
      message: `the Withings API refused the app's credentials (${codeOf(error)})`,
      fix: "check WITHINGS_CLIENT_ID and WITHINGS_CLIENT_SECRET against the app in the Withings developer dashboard",
    });
  }
  const callback =
    options.publicUrl === undefined || options.webhookToken === undefined
      ? undefined
      : `${options.publicUrl.replace(/\/+$/, "")}/webhooks/withings/${options.webhookToken}`;
  if (callback !== undefined && options.publicUrl !== undefined) {
    findings.push(...(await checkCallback(options.publicUrl, callback, options.fetch)));
  }
  for (const userId of await client.users()) {
    const user = client.user(userId);
    try {
      await user.getDevice();
      findings.push({ check: "login", ok: true, message: `user ${userId}: the login works` });
    } catch (error) {
      findings.push({
        check: "login",
        ok: false,
        message: `user ${userId}: ${error instanceof WithingsAuthError ? "the login is dead (access revoked or the refresh refused)" : `a test call failed (${codeOf(error)})`}`,
        fix:
          error instanceof WithingsAuthError
            ? "the participant must enrol (or withings login) again"
            : "run withings doctor again; if it persists, check the API status",
      });
      continue;
    }
    if (callback === undefined) continue;
    try {
      const { profiles } = await user.notifyList();
      const have = new Set(profiles.filter((p) => p.callbackurl === callback).map((p) => p.appli));
      const missing = SUBSCRIBED_APPLIS.filter((a) => !have.has(a));
      findings.push(
        missing.length === 0
          ? {
              check: "subscriptions",
              ok: true,
              message: `user ${userId}: subscribed to every appli`,
            }
          : {
              check: "subscriptions",
              ok: false,
              message: `user ${userId}: not subscribed to appli ${missing.join(", ")} at the callback`,
              fix: "withings serve --public-url subscribes them at start and daily, once the callback answers",
            },
      );
    } catch (error) {
      findings.push({
        check: "subscriptions",
        ok: false,
        message: `user ${userId}: the subscriptions could not be listed (${codeOf(error)})`,
      });
    }
  }
  return findings;
}

async function checkCallback(
  publicUrl: string,
  callback: string,
  fetch: ((request: Request) => Promise<Response>) | undefined,
): Promise<Finding[]> {
  const out: Finding[] = [];
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return [
      {
        check: "callback",
        ok: false,
        message: "the public URL is not a URL",
        fix: "give it as https://your.domain",
      },
    ];
  }
  const local = /^(localhost|127\.|\[?::1\]?$|\d+\.\d+\.\d+\.\d+$)/.test(url.hostname);
  if (url.protocol !== "https:" || (url.port !== "" && url.port !== "443") || local) {
    out.push({
      check: "callback",
      ok: false,
      message:
        "Withings only calls https URLs on port 443 of a real domain; this public URL is not one",
      fix: "put a reverse proxy with a certificate in front (docs/deploy.md), or a tunnel for development",
    });
  }
  try {
    const response = await (fetch ?? globalThis.fetch)(
      new Request(callback, { method: "HEAD", signal: AbortSignal.timeout(10_000) }),
    );
    await response.body?.cancel();
    out.push(
      response.status >= 200 && response.status < 300
        ? {
            check: "callback",
            ok: true,
            message: "the callback answers HEAD through the public URL",
          }
        : {
            check: "callback",
            ok: false,
            message: `the callback answers HEAD with ${response.status} through the public URL; Withings would refuse to subscribe (293)`,
            fix: "check that the proxy forwards /webhooks/ to withings serve and passes HEAD, and that WITHINGS_WEBHOOK_TOKEN is the service's",
          },
    );
  } catch {
    out.push({
      check: "callback",
      ok: false,
      message: "the callback cannot be reached through the public URL",
      fix: "check the domain's DNS, the proxy and that withings serve runs",
    });
  }
  return out;
}

function codeOf(error: unknown): string {
  return isWithingsError(error)
    ? error.code
    : error instanceof Error
      ? error.name
      : "unknown error";
}
