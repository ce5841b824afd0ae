import { escapeHtml, htmlPage } from "../http/html-page.js";
import { parseScopeList } from "../oauth/parse-scope-list.js";
import type { SandboxContext } from "../state/sandbox-context.js";
import type { SandboxUserRecord } from "../state/user-directory.js";

/**
 * The consent page, `GET /oauth2_user/authorize2` (reference §1.1). It checks `client_id`,
 * `redirect_uri` (registered, or loopback for apps that allow it), `response_type=code`, a
 * comma-joined `scope` and `state`; bad requests get an error page, never a redirect. It lists the
 * sandbox users to sign in as (`mode=demo`: the demo user); approving redirects with 302 to
 * `redirect_uri?code=…&state=…`, denying with `error=access_denied`.
 *
 * Tests skip the page with `sandbox_user=<userid>&sandbox_approve=1` (or `sandbox_user=new` for a
 * fresh vitals-study user), or with the sandbox's `autoApprove` option; either still answers 302.
 *
 * @example
 * ```ts
 * const res = await handleAuthorize(ctx, new Request(
 *   "http://sandbox/oauth2_user/authorize2?response_type=code&client_id=withings-kit-sandbox" +
 *   "&scope=user.metrics&state=xyz&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Fcb" +
 *   "&sandbox_user=new&sandbox_approve=1"));
 * res.headers.get("location"); // "http://127.0.0.1:5000/cb?code=…&state=xyz"
 * ```
 */
export function handleAuthorize(ctx: SandboxContext, request: Request): Response {
  const url = new URL(request.url);
  const query = url.searchParams;
  const app = ctx.apps.get(query.get("client_id"));
  if (app === undefined) return problem("Invalid client_id", "This app is not registered.");
  const redirectUri = query.get("redirect_uri") ?? "";
  if (!ctx.apps.redirectAllowed(app, redirectUri)) {
    return problem(
      "Invalid redirect_uri",
      "The redirect_uri is not one of the app's registered callback URLs.",
    );
  }
  if (query.get("response_type") !== "code") {
    return problem("Invalid response_type", "response_type must be code.");
  }
  const scope = parseScopeList(query.get("scope"));
  if ("invalid" in scope) {
    return problem(
      "Invalid scope",
      `Unknown scope "${scope.invalid}". Join scopes with commas, e.g. user.metrics,user.activity.`,
    );
  }
  const state = query.get("state");
  if (!state) return problem("Missing state", "state is required.");

  const demo = query.get("mode") === "demo";
  const decision = query.get("sandbox_approve");
  if (decision === "0") return redirect(redirectUri, { error: "access_denied", state });

  let chosen = query.get("sandbox_user") ?? undefined;
  const auto = decision !== "1" && ctx.autoApprove !== false;
  if (auto && chosen === undefined) {
    chosen = typeof ctx.autoApprove === "string" ? ctx.autoApprove : demo ? "demo" : "newest";
  }
  if (decision === "1" || auto) {
    const user = pickUser(ctx, chosen ?? "", demo);
    if (user === undefined) return consentPage(ctx, url, demo, `Unknown user "${chosen ?? ""}".`);
    const code = ctx.tokens.issueCode(
      { userid: user.userid, clientId: app.clientId, scope: scope.scopes },
      redirectUri,
      ctx.clock.now(),
    );
    return redirect(redirectUri, { code, state });
  }
  return consentPage(ctx, url, demo, undefined);
}

function pickUser(
  ctx: SandboxContext,
  chosen: string,
  demo: boolean,
): SandboxUserRecord | undefined {
  const now = ctx.clock.nowSeconds();
  if (demo || chosen === "demo") return ctx.users.demo(now);
  if (chosen === "new") return ctx.users.create({ profile: "vitals-study", years: 1 }, now);
  if (chosen === "newest") {
    return ctx.users.newest() ?? ctx.users.create({ profile: "vitals-study", years: 1 }, now);
  }
  return ctx.users.get(chosen);
}

function redirect(redirectUri: string, fields: Readonly<Record<string, string>>): Response {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(fields)) target.searchParams.set(name, value);
  return new Response(null, { status: 302, headers: { location: target.toString() } });
}

function problem(title: string, detail: string): Response {
  return htmlPage(400, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>`);
}

function consentPage(
  ctx: SandboxContext,
  url: URL,
  demo: boolean,
  notice: string | undefined,
): Response {
  const hidden = [...url.searchParams]
    .filter(([name]) => !name.startsWith("sandbox_"))
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join("");
  const users = demo
    ? [ctx.users.demo(ctx.clock.nowSeconds())]
    : ctx.users.list().filter((u) => !u.demo);
  const choices = users
    .map(
      (u, i) =>
        `<label><input type="radio" name="sandbox_user" value="${escapeHtml(u.userid)}"${i === 0 ? " checked" : ""}> ` +
        `${escapeHtml(u.userid)} · ${escapeHtml(u.source)}${u.years > 0 ? ` · ${u.years} y` : ""}</label>`,
    )
    .join("");
  const fresh = demo
    ? ""
    : `<label><input type="radio" name="sandbox_user" value="new"${users.length === 0 ? " checked" : ""}> ` +
      "a new vitals-study user (one year of data)</label>";
  const scope = url.searchParams.get("scope") ?? "";
  const body =
    `<h1>Withings Kit sandbox</h1>` +
    `<p><strong>${escapeHtml(url.searchParams.get("client_id") ?? "")}</strong> asks for ` +
    `<code>${escapeHtml(scope)}</code>.</p>` +
    (notice ? `<p role="alert">${escapeHtml(notice)}</p>` : "") +
    `<form method="get" action="${escapeHtml(url.pathname)}">${hidden}` +
    `<fieldset><legend>Sign in as</legend>${choices}${fresh}</fieldset>` +
    `<button name="sandbox_approve" value="1">Allow</button>` +
    `<button name="sandbox_approve" value="0">Deny</button></form>`;
  return htmlPage(notice ? 400 : 200, "Withings Kit sandbox: authorize", body);
}
