import { WithingsArgumentError } from "@withings-kit/client";
import type { SandboxAppOptions } from "../types/sandbox-app-options.js";
import { DEFAULT_APP } from "./default-app.js";

/**
 * A registered app with its options resolved.
 *
 * @example
 * ```ts
 * const app: RegisteredApp | undefined = apps.get("withings-kit-sandbox");
 * ```
 */
export interface RegisteredApp {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  readonly allowLoopbackRedirects: boolean;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * The apps a sandbox knows: the default app plus the configured ones.
 *
 * @example
 * ```ts
 * const apps = new AppRegistry([{ clientId: "a", clientSecret: "s", redirectUris: ["https://x/cb"] }]);
 * apps.get("a")?.clientSecret; // "s"
 * apps.redirectAllowed(apps.get("withings-kit-sandbox")!, "http://127.0.0.1:5123/cb"); // true
 * ```
 */
export class AppRegistry {
  readonly #apps = new Map<string, RegisteredApp>();

  /** @throws {WithingsArgumentError} `ERR_MISSING_ARGS` when an app lacks its id or secret. */
  constructor(apps: readonly SandboxAppOptions[] = []) {
    for (const app of [DEFAULT_APP, ...apps]) {
      if (!app.clientId || !app.clientSecret) {
        throw new WithingsArgumentError(
          "ERR_MISSING_ARGS",
          "every sandbox app needs a clientId and a clientSecret",
        );
      }
      this.#apps.set(
        app.clientId,
        Object.freeze({
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          redirectUris: Object.freeze([...(app.redirectUris ?? [])]),
          allowLoopbackRedirects: app.allowLoopbackRedirects ?? false,
        }),
      );
    }
  }

  /** The app with this client id, if registered. */
  get(clientId: string | null | undefined): RegisteredApp | undefined {
    return clientId ? this.#apps.get(clientId) : undefined;
  }

  /** Every registered client id. */
  clientIds(): string[] {
    return [...this.#apps.keys()];
  }

  /**
   * Whether the consent page may send users to `uri`: an exact registered URL, or, for apps that
   * allow it, any plain-http loopback URL.
   */
  redirectAllowed(app: RegisteredApp, uri: string): boolean {
    if (app.redirectUris.includes(uri)) return true;
    if (!app.allowLoopbackRedirects) return false;
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return false;
    }
    return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
  }
}
