import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { sameSecret } from "../webhook/same-secret.js";

/**
 * Options of {@link adminRouter}.
 *
 * @example
 * ```ts
 * const options: AdminOptions = { token: process.env.WITHINGS_ADMIN_TOKEN ?? "", status: async () => ({}), metrics: async () => "" };
 * ```
 */
export interface AdminOptions {
  /** The bearer token of every admin route; an empty token turns them off (404). */
  readonly token: string;
  /** The status document (JSON). */
  readonly status: () => Promise<unknown>;
  /** The Prometheus text exposition. */
  readonly metrics: () => Promise<string>;
}

/**
 * The coordinator's and the operator's routes, behind `Authorization: Bearer <token>`:
 * `/admin/status` (per participant: link, last notification, last sync, pending job,
 * rows per dataset) and `/metrics` (Prometheus). Neither ever shows a token or a secret.
 *
 * @example
 * ```ts
 * const res = await adminRouter(options).request("/admin/status", { headers: { authorization: `Bearer ${token}` } });
 * ```
 */
export function adminRouter(options: AdminOptions): Hono {
  const app = new Hono();
  app.use("/admin/*", guard(options.token));
  app.use("/metrics", guard(options.token));
  app.get("/admin/status", async (c) => c.json(await options.status()));
  app.get("/metrics", async (c) =>
    c.text(await options.metrics(), 200, { "content-type": "text/plain; version=0.0.4" }),
  );
  return app;
}

// 404 when admin routes are off, 401 without the right bearer token.
function guard(token: string) {
  return createMiddleware(async (c, next) => {
    if (token === "") return c.notFound();
    const header = c.req.header("authorization") ?? "";
    const presented = header.startsWith("Bearer ") ? header.slice(7) : "";
    if (!sameSecret(presented, token)) {
      return c.text("unauthorized", 401, { "www-authenticate": "Bearer" });
    }
    await next();
    return undefined;
  });
}
