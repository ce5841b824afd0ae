import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createSandbox } from "./create-sandbox.js";
import type { Sandbox } from "./types/sandbox.js";
import type { SandboxOptions } from "./types/sandbox-options.js";

/**
 * Options of {@link startSandboxServer}: the sandbox's, plus where to listen.
 *
 * @example
 * ```ts
 * const o: SandboxServerOptions = { seed: 42, port: 0 };
 * ```
 */
export interface SandboxServerOptions extends SandboxOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Interface to bind. Anything but loopback exposes the unauthenticated control API. @default "127.0.0.1" */
  readonly host?: string;
}

/**
 * A running sandbox server.
 *
 * @example
 * ```ts
 * const server = await startSandboxServer({ port: 0 });
 * server.url; // "http://127.0.0.1:54321"
 * await server.close();
 * ```
 */
export interface SandboxServer {
  /** Base URL of the API, the consent page and the control API. */
  readonly url: string;
  readonly port: number;
  readonly sandbox: Sandbox;
  /** Stops listening, ends open connections and hanging responses. */
  close(): Promise<void>;
}

/**
 * Serves a sandbox over real HTTP (Node), around the same `fetch` handler tests use in-process.
 * Binds 127.0.0.1 unless told otherwise.
 *
 * @example
 * ```ts
 * import { startSandboxServer } from "@withings-kit/sandbox/server";
 *
 * const server = await startSandboxServer({ seed: 42, port: 0 });
 * const res = await fetch(`${server.url}/_sandbox/stats`);
 * await server.close();
 * ```
 */
export async function startSandboxServer(
  options: SandboxServerOptions = {},
): Promise<SandboxServer> {
  const { port = 0, host = "127.0.0.1", ...sandboxOptions } = options;
  const sandbox = createSandbox(sandboxOptions);
  const { server, address } = await new Promise<{
    server: ReturnType<typeof serve>;
    address: AddressInfo;
  }>((resolve, reject) => {
    const server = serve(
      { fetch: (request) => sandbox.fetch(request), port, hostname: host },
      (info) => resolve({ server, address: info }),
    );
    server.once("error", reject);
  });
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    sandbox,
    close: () =>
      new Promise<void>((resolve, reject) => {
        sandbox.close();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would hold close() open until they time out.
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
