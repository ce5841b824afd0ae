/**
 * Where a loopback redirect URI says to listen.
 *
 * @example
 * ```ts
 * const target: LoopbackRedirect = { host: "127.0.0.1", port: 8765, path: "/callback" };
 * ```
 */
export interface LoopbackRedirect {
  /** The host name as written in the URI (`127.0.0.1`, `localhost` or `[::1]`). */
  readonly host: string;
  /** 0 when the URI names none: any free port will do (the sandbox accepts any). */
  readonly port: number;
  readonly path: string;
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Reads a redirect URI that a local server can receive: plain `http` to a loopback host.
 * Anything else (an app's https callback) is `undefined`: that login falls back to pasting
 * the redirected URL. `undefined` in gives a free-port `http://127.0.0.1/callback`.
 *
 * @example
 * ```ts
 * loopbackRedirect("http://127.0.0.1:8765/cb"); // { host: "127.0.0.1", port: 8765, path: "/cb" }
 * loopbackRedirect("https://app.example/cb"); // undefined
 * ```
 */
export function loopbackRedirect(uri: string | undefined): LoopbackRedirect | undefined {
  if (uri === undefined) return { host: "127.0.0.1", port: 0, path: "/callback" };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" || !LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return {
    host: url.hostname,
    port: url.port === "" ? 80 : Number(url.port),
    path: url.pathname === "" ? "/" : url.pathname,
  };
}
