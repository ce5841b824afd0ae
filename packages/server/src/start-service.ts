import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createService, type Service, type ServiceOptions } from "./create-service.js";
import { SourceAllowList } from "./webhook/source-allow-list.js";
import { loadWithingsSources, type WithingsSourcesOptions } from "./webhook/withings-sources.js";

const DAY_MS = 86_400_000;

/**
 * Options of {@link startService}: the service's, plus where to listen.
 *
 * @example
 * ```ts
 * const o: StartServiceOptions = { store, client, webhookToken, port: 8787 };
 * ```
 */
export interface StartServiceOptions extends ServiceOptions {
  /** TCP port; 0 picks a free one. @default 8787 */
  readonly port?: number;
  /** Interface to bind; a reverse proxy in front serves the public URL. @default "127.0.0.1" */
  readonly host?: string;
  /**
   * Lets only Withings' published addresses call the webhook: read from DNS before
   * listening (a failure stops the start with a `SourceListError`), then daily, keeping the
   * last list when a refresh fails. Behind a reverse proxy, set `trustProxy` too.
   * @default any source
   */
  readonly withingsSources?: WithingsSourcesOptions;
}

/**
 * A listening service.
 *
 * @example
 * ```ts
 * const running = await startService({ store, client, webhookToken, port: 0 });
 * running.url; // "http://127.0.0.1:54321"
 * ```
 */
export interface RunningService {
  readonly url: string;
  readonly port: number;
  readonly service: Service;
  /** Stops listening, then stops the worker gracefully; the store stays open. */
  close(): Promise<void>;
}

/**
 * Starts the service on Node: listens first, then starts the worker and the catch-up, so
 * that the webhook path answers Withings' HEAD probe before anything subscribes.
 *
 * @example
 * ```ts
 * const running = await startService({ store, client, webhookToken, port: 8787 });
 * process.once("SIGTERM", () => void running.close());
 * ```
 */
export async function startService(options: StartServiceOptions): Promise<RunningService> {
  const { port = 8787, host = "127.0.0.1", withingsSources, ...serviceOptions } = options;
  let refresh: ReturnType<typeof setInterval> | undefined;
  let sources = serviceOptions.webhookSources;
  if (withingsSources !== undefined) {
    const list = sources ?? new SourceAllowList();
    sources = list;
    const count = await loadWithingsSources(list, withingsSources);
    serviceOptions.logger?.info({ ranges: count }, "webhook open to Withings' addresses only");
    refresh = setInterval(() => {
      loadWithingsSources(list, withingsSources).catch((error: unknown) =>
        serviceOptions.logger?.warn(
          { error: error instanceof Error ? error.message : String(error) },
          "Withings' addresses not refreshed; the last list stays",
        ),
      );
    }, DAY_MS);
    refresh.unref();
  }
  const service = createService({
    ...serviceOptions,
    ...(sources === undefined ? {} : { webhookSources: sources }),
  });
  const { server, address } = await new Promise<{
    server: ReturnType<typeof serve>;
    address: AddressInfo;
  }>((resolve, reject) => {
    const server = serve({ fetch: service.fetch, port, hostname: host }, (info) =>
      resolve({ server, address: info }),
    );
    server.once("error", reject);
  });
  service.start();
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    service,
    async close() {
      clearInterval(refresh);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
      await service.close();
    },
  };
}
