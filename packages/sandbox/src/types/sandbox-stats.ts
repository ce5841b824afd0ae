import type { FaultKind } from "./fault-config.js";

/**
 * What the sandbox has served since it started (or was reset), as `GET /_sandbox/stats` answers.
 *
 * @example
 * ```ts
 * const stats: SandboxStats = sandbox.stats();
 * stats.requests.byAction["/measure/getmeas"]; // getmeas calls served
 * stats.tooManyRequests.total; // 601 answers sent, of any cause
 * stats.quirks.hiddenMore; // list answers that hid `more`
 * ```
 */
export interface SandboxStats {
  readonly requests: {
    /** API requests (not the control API or the consent page). */
    readonly total: number;
    /** Per `service/action`, e.g. `/v2/measure/getactivity`; unknown routes under `unknown`. */
    readonly byAction: Readonly<Record<string, number>>;
    /** Per `userid`, for requests made with a user's access token. */
    readonly byUser: Readonly<Record<string, number>>;
  };
  /** Body status 601 answers. */
  readonly tooManyRequests: {
    readonly total: number;
    /** The app-wide quota. */
    readonly rateLimit: number;
    /** The identical-request guard ("Same arguments in less than 10 seconds"). */
    readonly duplicate: number;
    /** Injected by the `spurious-601` fault. */
    readonly injected: number;
  };
  /** Successful refresh-token grants. */
  readonly refreshes: number;
  /** Token pairs issued by any means (code, refresh, demo access, control API). */
  readonly tokensIssued: number;
  readonly notifications: {
    /** Webhook POSTs answered with a status below 400. */
    readonly sent: number;
    /** Webhook POSTs that failed (network error, timeout or status 400 and above). */
    readonly failed: number;
    /** Notifications the cloud never sent (`notifications.loss`). */
    readonly lost: number;
    /** Later cycles of tries of failed notifications (`notifications.retries`). */
    readonly retries: number;
    /** Subscriptions the cloud removed after failed notifications in a row. */
    readonly subscriptionsRemoved: number;
  };
  /** Faults injected, per kind. */
  readonly faults: Readonly<Partial<Record<FaultKind, number>>>;
  /** Applications of the cloud's behaviour switches (`CloudBehaviour`), per HTTP answer. */
  readonly quirks: {
    /** List answers whose `more` said no while rows remained (`hiddenMore`). */
    readonly hiddenMore: number;
    /** List answers that left out one record (`omission`). */
    readonly omitted: number;
    /**
     * Intraday, sleep get and heart get answers that held back detail not yet in the cloud
     * (`detailLagSeconds`, Q17).
     */
    readonly lateDetail: number;
  };
}
