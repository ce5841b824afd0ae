import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { sameSecret } from "../webhook/same-secret.js";

/**
 * Options of {@link adminRouter}.
 *
 * @example
 * ```ts
 * const options: AdminOptions = { token: process.env.WITHINGS_ADMIN_TOKEN ?? "", status: async () => ({}), page: async () => "", metrics: async () => "" };
 * ```
 */
export interface AdminOptions {
  /** The bearer token of every admin route; an empty token turns them off (404). */
  readonly token: string;
  /** The status document (JSON). */
  readonly status: () => Promise<unknown>;
  /** The status page (HTML). */
  readonly page: () => Promise<string>;
  /** The Prometheus text exposition. */
  readonly metrics: () => Promise<string>;
}

/**
 * The coordinator's and the operator's routes, behind the admin token, given as
 * `Authorization: Bearer <token>` or, from a browser, as the password of HTTP Basic (any
 * user name): `/admin` (the status page), `/admin/status` (the same as JSON: per
 * participant, link, last notification, last sync, pending job, rows per dataset, latest
 * vitals) and `/metrics` (Prometheus). None ever shows a token or a secret.
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
  app.use("/admin", guard(options.token));
  app.get("/admin", async (c) =>
    c.html(await options.page(), 200, {
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    }),
  );
  app.get("/admin/status", async (c) => c.json(await options.status()));
  app.get("/metrics", async (c) =>
    c.text(await options.metrics(), 200, { "content-type": "text/plain; version=0.0.4" }),
  );
  return app;
}

// 404 when admin routes are off, 401 without the right token. The challenge is Basic alone,
// which makes a browser ask for it (Chromium did not answer one that also offered Bearer).
function guard(token: string) {
  return createMiddleware(async (c, next) => {
    if (token === "") return c.notFound();
    if (!sameSecret(presentedToken(c.req.header("authorization") ?? ""), token)) {
      return c.text("unauthorized", 401, { "www-authenticate": 'Basic realm="Withings Kit"' });
    }
    await next();
    return undefined;
  });
}

// The token of a Bearer header, or the password of a Basic one (the user name is free).
function presentedToken(header: string): string {
  if (header.startsWith("Bearer ")) return header.slice(7);
  if (!header.startsWith("Basic ")) return "";
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? "" : decoded.slice(colon + 1);
}
