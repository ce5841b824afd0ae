import type { SandboxAppOptions } from "../types/sandbox-app-options.js";

/**
 * The app every sandbox registers: public credentials (they protect nothing but local test data)
 * and any loopback redirect, whatever the port.
 *
 * @example
 * ```ts
 * DEFAULT_APP.clientId; // "withings-kit-sandbox"
 * DEFAULT_APP.clientSecret; // "sandbox-secret"
 * ```
 */
export const DEFAULT_APP: Required<SandboxAppOptions> = Object.freeze({
  clientId: "withings-kit-sandbox",
  clientSecret: "sandbox-secret",
  redirectUris: Object.freeze([]) as readonly string[],
  allowLoopbackRedirects: true,
});
