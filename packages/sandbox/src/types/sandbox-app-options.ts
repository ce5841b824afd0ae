/**
 * A registered application: its credentials and where the consent page may send users back.
 *
 * @example
 * ```ts
 * const app: SandboxAppOptions = {
 *   clientId: "my-app",
 *   clientSecret: "my-secret",
 *   redirectUris: ["https://example.com/withings/callback"],
 * };
 * ```
 */
export interface SandboxAppOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Callback URLs that `redirect_uri` must equal exactly. @default [] */
  readonly redirectUris?: readonly string[];
  /**
   * Also accept any `http://127.0.0.1:<port>/…` or `http://localhost:<port>/…` redirect, whatever
   * the port and path. A sandbox convenience for local tools that listen on a random port; the
   * real cloud wants registered URLs. On for the default app.
   * @default false
   */
  readonly allowLoopbackRedirects?: boolean;
}
