import type { FaultKind } from "../types/fault-config.js";
import type { SandboxStats } from "../types/sandbox-stats.js";

/**
 * Counts what the sandbox serves; {@link StatsRecorder.snapshot} gives a plain JSON copy.
 *
 * @example
 * ```ts
 * const stats = new StatsRecorder();
 * stats.request("/measure/getmeas");
 * stats.snapshot().requests.total; // 1
 * ```
 */
export class StatsRecorder {
  #total = 0;
  readonly #byAction = new Map<string, number>();
  readonly #byUser = new Map<string, number>();
  #rateLimit = 0;
  #duplicate = 0;
  #injected601 = 0;
  #refreshes = 0;
  #tokensIssued = 0;
  #sent = 0;
  #failed = 0;
  #lost = 0;
  #retries = 0;
  #removed = 0;
  readonly #faults = new Map<FaultKind, number>();
  readonly #quirks = { hiddenMore: 0, omitted: 0, lateDetail: 0 };

  /** An API request reached `service/action` (or `unknown`). */
  request(route: string): void {
    this.#total++;
    this.#byAction.set(route, (this.#byAction.get(route) ?? 0) + 1);
  }

  /** A request was made with `userid`'s access token. */
  user(userid: string): void {
    this.#byUser.set(userid, (this.#byUser.get(userid) ?? 0) + 1);
  }

  /** A 601 was sent, for this reason. */
  tooManyRequests(reason: "rate-limit" | "duplicate" | "injected"): void {
    if (reason === "rate-limit") this.#rateLimit++;
    else if (reason === "duplicate") this.#duplicate++;
    else this.#injected601++;
  }

  /** A refresh grant succeeded. */
  refresh(): void {
    this.#refreshes++;
  }

  /** A token pair was issued. */
  tokensIssued(): void {
    this.#tokensIssued++;
  }

  /** A webhook notification was delivered (or failed). */
  notification(ok: boolean): void {
    if (ok) this.#sent++;
    else this.#failed++;
  }

  /** A notification the cloud never sent (`loss`). */
  notificationLost(): void {
    this.#lost++;
  }

  /** A later cycle of tries of a failed notification began. */
  notificationRetry(): void {
    this.#retries++;
  }

  /** The cloud removed a subscription after failed notifications. */
  subscriptionRemoved(): void {
    this.#removed++;
  }

  /** A fault was injected. */
  fault(kind: FaultKind): void {
    this.#faults.set(kind, (this.#faults.get(kind) ?? 0) + 1);
  }

  /** A behaviour switch of the cloud was applied to an answer. */
  quirk(kind: keyof SandboxStats["quirks"]): void {
    this.#quirks[kind]++;
  }

  /** A JSON-friendly copy of every counter. */
  snapshot(): SandboxStats {
    return {
      requests: {
        total: this.#total,
        byAction: Object.fromEntries(this.#byAction),
        byUser: Object.fromEntries(this.#byUser),
      },
      tooManyRequests: {
        total: this.#rateLimit + this.#duplicate + this.#injected601,
        rateLimit: this.#rateLimit,
        duplicate: this.#duplicate,
        injected: this.#injected601,
      },
      refreshes: this.#refreshes,
      tokensIssued: this.#tokensIssued,
      notifications: {
        sent: this.#sent,
        failed: this.#failed,
        lost: this.#lost,
        retries: this.#retries,
        subscriptionsRemoved: this.#removed,
      },
      faults: Object.fromEntries(this.#faults),
      quirks: { ...this.#quirks },
    };
  }
}
