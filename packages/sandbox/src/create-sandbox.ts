import { ALL_SCOPES } from "@withings-kit/client";
import { resolveCloudBehaviour } from "./cloud/resolve-cloud-behaviour.js";
import { handleControlRequest } from "./control/handle-control-request.js";
import { parseControlBody } from "./control/parse-control-body.js";
import { SandboxControlError } from "./control/sandbox-control-error.js";
import { type NotificationHint, SandboxParamError } from "./data/index.js";
import { FaultInjector, resolveFaultConfig } from "./faults/fault-injector.js";
import { handleApiRequest } from "./handlers/handle-api-request.js";
import { handleAuthorize } from "./handlers/handle-authorize.js";
import { DEFAULT_APP } from "./oauth/default-app.js";
import { tokenAnswer } from "./oauth/token-answer.js";
import type { Grant } from "./oauth/token-registry.js";
import { resolveSandboxOptions } from "./state/resolve-options.js";
import { createSandboxContext, type SandboxContext } from "./state/sandbox-context.js";
import type { SandboxUserRecord } from "./state/user-directory.js";
import type { CloudBehaviour } from "./types/cloud-behaviour.js";
import type { FaultConfig } from "./types/fault-config.js";
import type { Sandbox } from "./types/sandbox.js";
import type { CreateUserOptions, DataEditRequest, ReplayOptions } from "./types/sandbox-control.js";
import type { SandboxOptions } from "./types/sandbox-options.js";
import type { SandboxTokenAnswer } from "./types/sandbox-token-answer.js";

/** Where the consent page lives on the real accounts host, and here. */
const AUTHORIZE_PATH = "/oauth2_user/authorize2";

/**
 * Creates a local Withings cloud. Wire a client straight to `sandbox.fetch` (no port), or serve
 * it with `startSandboxServer`. Options are validated and frozen here.
 *
 * @throws {WithingsArgumentError} for a bad option, its message naming it; `code` says how it
 *   is wrong.
 *
 * @example
 * ```ts
 * import { createSandbox } from "@withings-kit/sandbox";
 *
 * const sandbox = createSandbox({ seed: 42, clock: "virtual" });
 * const tokens = sandbox.createUser({ profile: "vitals-study", years: 2 });
 * const res = await sandbox.fetch(
 *   `https://wbsapi.withings.net/measure?action=getmeas&access_token=${tokens.access_token}`,
 * );
 * (await res.json()).status; // 0
 * ```
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const resolved = resolveSandboxOptions(options);
  const hangs = new Set<() => void>();
  let ctx: SandboxContext = createSandboxContext(resolved, hangs);

  const issueFor = (user: SandboxUserRecord, clientId: string | undefined, scope = ALL_SCOPES) => {
    const app = ctx.apps.get(clientId ?? DEFAULT_APP.clientId);
    if (app === undefined) {
      throw new SandboxControlError(
        "unknown_app",
        `no app with client id ${String(clientId)}`,
        "clientId",
      );
    }
    const grant: Grant = { userid: user.userid, clientId: app.clientId, scope: [...scope] };
    ctx.stats.tokensIssued();
    return tokenAnswer(ctx.tokens.issue(grant, ctx.clock.now()));
  };

  const sandbox: Sandbox = {
    clock: resolved.clock,
    defaultApp: Object.freeze({
      clientId: DEFAULT_APP.clientId,
      clientSecret: DEFAULT_APP.clientSecret,
    }),

    async fetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
      const request =
        input instanceof Request && init === undefined ? input : new Request(input, init);
      const { pathname } = new URL(request.url);
      if (pathname.startsWith("/_sandbox/") || pathname === "/_sandbox") {
        return handleControlRequest(sandbox, request, pathname);
      }
      if (pathname === AUTHORIZE_PATH && (request.method === "GET" || request.method === "HEAD")) {
        return handleAuthorize(ctx, request);
      }
      return handleApiRequest(ctx, request);
    },

    stats: () => ctx.stats.snapshot(),

    setFaults(config: FaultConfig): void {
      try {
        ctx.faults = new FaultInjector(resolveFaultConfig(config, resolved.seed));
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
        throw new SandboxControlError("invalid_body", error.message, error.message.split(":")[0]);
      }
    },

    faults: () => ctx.faults.config,

    setCloud(change: CloudBehaviour): void {
      let next: SandboxContext["cloud"];
      try {
        next = resolveCloudBehaviour(parseControlBody.cloud(change), ctx.cloud);
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
        const field = error.message.split(":")[0]?.replace(/^cloud\./, "");
        throw new SandboxControlError("invalid_body", error.message, field);
      }
      ctx.cloud = next;
      ctx.lies = ctx.lies.with(next);
      ctx.users.useCloud(next);
    },

    cloud: () => ctx.cloud,

    createUser(o: CreateUserOptions = {}): SandboxTokenAnswer {
      const checked = parseControlBody.createUser(o);
      const user = ctx.users.create(
        {
          profile: checked.profile ?? "vitals-study",
          years: checked.years ?? 1,
          ...(checked.timezone === undefined ? {} : { timezone: checked.timezone }),
        },
        ctx.clock.nowSeconds(),
      );
      return issueFor(user, checked.clientId, checked.scope);
    },

    users() {
      const now = ctx.clock.nowSeconds();
      return ctx.users.list().map((u) => ({
        userid: u.userid,
        source: u.source,
        years: u.years,
        demo: u.demo,
        timezone: u.data.timezone,
        createdAt: u.createdAt,
        counts: u.data.counts(now),
      }));
    },

    userData(userid: string) {
      const user = ctx.users.get(userid);
      if (user === undefined) {
        throw new SandboxControlError("unknown_user", `no user ${userid}`, "userid");
      }
      return user.data;
    },

    async editData(edit: DataEditRequest) {
      const checked = parseControlBody.dataEdit(edit);
      const user = ctx.users.get(checked.userid);
      if (user === undefined) {
        throw new SandboxControlError("unknown_user", `no user ${checked.userid}`, "userid");
      }
      let hints: ReturnType<typeof user.data.apply>;
      try {
        hints = user.data.apply(checked.change, ctx.clock.nowSeconds());
      } catch (error) {
        if (error instanceof SandboxParamError || error instanceof TypeError) {
          throw new SandboxControlError("invalid_body", error.message, "change");
        }
        throw error;
      }
      let sent = 0;
      let failed = 0;
      // Each subscription matching a hint's appli gets that notification once.
      const reports = await Promise.all(
        hints.map((hint) =>
          ctx.notifier.deliver(
            user.userid,
            hintFields(hint),
            ctx.subscriptions.matching(user.userid, hint.appli),
          ),
        ),
      );
      for (const report of reports) {
        sent += report.sent;
        failed += report.failed;
      }
      return { hints, notifications: { sent, failed } };
    },

    loadReplay(o: ReplayOptions): SandboxTokenAnswer {
      const checked = parseControlBody.replay(o);
      let user: SandboxUserRecord;
      try {
        user = ctx.users.replay(
          {
            files: checked.files,
            ...(checked.userid === undefined ? {} : { userid: checked.userid }),
          },
          ctx.clock.nowSeconds(),
        );
      } catch (error) {
        if (
          error instanceof SandboxParamError ||
          error instanceof TypeError ||
          error instanceof SyntaxError
        ) {
          throw new SandboxControlError("invalid_body", error.message, "files");
        }
        throw error;
      }
      return issueFor(user, checked.clientId);
    },

    async unlinkUser(userid: string, clientId: string = DEFAULT_APP.clientId) {
      if (ctx.users.get(userid) === undefined) {
        throw new SandboxControlError("unknown_user", `no user ${userid}`, "userid");
      }
      // The app's link goes first: the notification tells of something already done.
      const tokens = ctx.tokens.revoke(clientId, userid);
      const told = ctx.subscriptions
        .matching(userid, 46)
        .filter((subscription) => subscription.clientId === clientId);
      const notifications = await ctx.notifier.deliver(
        userid,
        { appli: "46", action: "unlink" },
        told,
      );
      const subscriptions = ctx.subscriptions.dropUser(clientId, userid);
      return { tokens, subscriptions, notifications };
    },

    notificationsIdle(): Promise<void> {
      return ctx.notifier.idle();
    },

    setAutoApprove(value: boolean | string): void {
      ctx.autoApprove = value;
    },

    reset(): void {
      ctx.notifier.close();
      ctx = createSandboxContext(resolved, hangs);
    },

    close(): void {
      ctx.notifier.close();
      for (const release of [...hangs]) release();
      if (resolved.ownsClock) resolved.clock.dispose();
    },
  };
  return Object.freeze(sandbox);
}

// The form fields of a data change's notification (reference §3.2).
function hintFields(hint: NotificationHint): Record<string, string> {
  const fields: Record<string, string> = {
    appli: String(hint.appli),
    startdate: String(hint.startdate),
    enddate: String(hint.enddate),
  };
  if (hint.date !== undefined) fields["date"] = hint.date;
  return fields;
}
