import type { SimulatedClock } from "../clock/simulated-clock.js";
import type { ListActionKey } from "../cloud/list-action-key.js";
import type { ClockMode } from "./clock-mode.js";
import type { CloudBehaviour } from "./cloud-behaviour.js";
import type { FaultConfig } from "./fault-config.js";
import type { NotificationBehaviour } from "./notification-behaviour.js";
import type { SandboxAppOptions } from "./sandbox-app-options.js";

/**
 * The app-wide request quota, counted per `client_id` over a sliding window (reference §7).
 *
 * @example
 * ```ts
 * const partnerPlan: RateLimitOptions = { limit: 1500, windowSeconds: 60 };
 * ```
 */
export interface RateLimitOptions {
  /** Requests admitted per window. @default 120 */
  readonly limit?: number;
  /** Window length in seconds of sandbox time. @default 60 */
  readonly windowSeconds?: number;
}

/**
 * Everything `createSandbox` accepts. Every option is optional; defaults mirror the real cloud.
 *
 * @example
 * ```ts
 * const sandbox = createSandbox({ seed: 42, clock: "virtual", rateLimit: { limit: 120 } });
 * ```
 */
export interface SandboxOptions {
  /** Seeds synthetic users and fault draws, so runs are reproducible. @default 1 */
  readonly seed?: number;
  /**
   * Apps registered besides the default one (`withings-kit-sandbox` / `sandbox-secret`), which
   * is always present.
   * @default []
   */
  readonly apps?: readonly SandboxAppOptions[];
  /** The app-wide quota, or `false` to turn it off. @default { limit: 120, windowSeconds: 60 } */
  readonly rateLimit?: RateLimitOptions | false;
  /**
   * How long an identical request (same client, action, arguments and token) is refused with
   * 601 after a successful one; 0 turns the check off.
   * @default 10
   */
  readonly duplicateWindowSeconds?: number;
  /**
   * Rows per page for list actions: an alias of `cloud.pageSizes` (which wins where both
   * name an action).
   * @default the observed sizes (reference §1.13)
   */
  readonly pageSizes?: Partial<Record<ListActionKey, number>>;
  /**
   * How the cloud behaves where the reference leaves room: page sizes, sort orders, offset
   * style, hidden `more`, omissions, detail lag, clock skew, `created` on edits, getmeas
   * without `category`; see {@link CloudBehaviour}. Change it later with `setCloud`.
   * @default the observed cloud, every lie off, seeded by `seed`
   */
  readonly cloud?: CloudBehaviour;
  /** The `fetch` used for outbound calls (webhook HEAD probes and notifications). @default globalThis.fetch */
  readonly outboundFetch?: (request: Request) => Promise<Response>;
  /**
   * How notifications are delivered: a share never sent, retries of failed deliveries on the
   * guide's schedule, removal of a subscription after failures; see {@link NotificationBehaviour}.
   * @default nothing lost, retries on, removal after 4 failed notifications
   */
  readonly notifications?: NotificationBehaviour;
  /** Real milliseconds a webhook call may take before it counts as failed. @default 5000 */
  readonly webhookTimeoutMs?: number;
  /**
   * `"realtime"` (time flows, sleeps wait), `"virtual"` (time moves only when set, advanced or
   * slept through; nothing really waits), or a clock to share.
   * @default "realtime"
   */
  readonly clock?: ClockMode | SimulatedClock;
  /** Where the clock starts, in Unix seconds (ignored when a clock is passed). @default now */
  readonly startTime?: number;
  /** How far a getnonce `timestamp` may be from the sandbox's now, in seconds. @default 300 */
  readonly nonceToleranceSeconds?: number;
  /**
   * Approve the consent page without showing it: `true` picks the newest user (creating one if
   * there is none), a string names the `userid`.
   * @default false
   */
  readonly autoApprove?: boolean | string;
  /** Faults active from the start. @default none */
  readonly faults?: FaultConfig;
  /**
   * Told about an unexpected error inside an action (a sandbox bug), which the caller sees as
   * body status 2555. Useful in tests.
   * @default ignore
   */
  readonly onError?: (error: unknown) => void;
}
