import { WithingsArgumentError } from "./errors/withings-argument-error.js";

/**
 * A Withings cloud: `eu` (public), `us` (medical, HIPAA), or any base URL (a sandbox).
 *
 * @example
 * ```ts
 * const cloud: Cloud = "us"; // or "eu", or a sandbox's "http://127.0.0.1:8787"
 * createWithingsClient({ clientId, clientSecret, cloud });
 * ```
 */
export type Cloud = "eu" | "us" | (string & {});

/**
 * The API and accounts hosts of a cloud.
 *
 * @example
 * ```ts
 * const { apiUrl, accountUrl }: CloudUrls = cloudUrls("eu"); // "https://wbsapi.withings.net", …
 * ```
 */
export interface CloudUrls {
  readonly apiUrl: string;
  readonly accountUrl: string;
}

/**
 * Resolves a cloud name to its hosts. A URL is used for both: the sandbox serves the API
 * and the consent page on one origin.
 *
 * @example
 * ```ts
 * cloudUrls("us").apiUrl; // "https://wbsapi.us.withingsmed.net"
 * cloudUrls("http://127.0.0.1:8787").accountUrl; // "http://127.0.0.1:8787"
 * ```
 */
export function cloudUrls(cloud: Cloud): CloudUrls {
  if (cloud === "eu") {
    return { apiUrl: "https://wbsapi.withings.net", accountUrl: "https://account.withings.com" };
  }
  if (cloud === "us") {
    return {
      apiUrl: "https://wbsapi.us.withingsmed.net",
      accountUrl: "https://account.us.withingsmed.com",
    };
  }
  let url: URL;
  try {
    url = new URL(cloud);
  } catch {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      `cloud must be "eu", "us" or a base URL, got ${JSON.stringify(cloud)}`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new WithingsArgumentError("ERR_INVALID_ARG_VALUE", "cloud URL must be http or https");
  }
  const base = url.toString().replace(/\/+$/, "");
  return { apiUrl: base, accountUrl: base };
}
