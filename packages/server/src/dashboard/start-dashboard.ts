import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type DashboardOptions, dashboardRouter } from "./dashboard-router.js";

/**
 * Options of {@link startDashboard}: the dashboard's, plus where to listen.
 *
 * @example
 * ```ts
 * const o: StartDashboardOptions = { store, port: 8789 };
 * ```
 */
export interface StartDashboardOptions extends DashboardOptions {
  /** TCP port; 0 picks a free one. @default 8789 */
  readonly port?: number;
  /**
   * Interface to bind. The dashboard has no login of its own: anything but loopback shows
   * the data to whoever reaches the address. @default "127.0.0.1"
   */
  readonly host?: string;
}

/**
 * A listening dashboard.
 *
 * @example
 * ```ts
 * const running = await startDashboard({ store, port: 0 });
 * running.url; // "http://127.0.0.1:54321/"
 * ```
 */
export interface RunningDashboard {
  readonly url: string;
  readonly port: number;
  /** Stops listening and drops open connections; the store stays open. */
  close(): Promise<void>;
}

/**
 * Serves {@link dashboardRouter} on Node, alone (what `withings dashboard` runs; inside the
 * service the same router is mounted under `/admin/dashboard`). It only reads the store.
 *
 * @throws the listen error (`EADDRINUSE`, `EADDRNOTAVAIL`, …) when the port cannot be bound.
 * @example
 * ```ts
 * const running = await startDashboard({ store: openSqliteStore("withings.db"), port: 8789 });
 * console.log(`dashboard at ${running.url}`);
 * await running.close();
 * ```
 */
export async function startDashboard(options: StartDashboardOptions): Promise<RunningDashboard> {
  const { port = 8789, host = "127.0.0.1", ...dashboard } = options;
  const app = dashboardRouter(dashboard);
  const { server, address } = await new Promise<{
    server: ReturnType<typeof serve>;
    address: AddressInfo;
  }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) =>
      resolve({ server, address: info }),
    );
    server.once("error", reject);
  });
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}/`,
    port: address.port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
    },
  };
}
