import type { SimulatedClock } from "../clock/simulated-clock.js";
import { AnswerLies } from "../cloud/answer-lies.js";
import { FaultInjector } from "../faults/fault-injector.js";
import { RequestLimiter } from "../limits/request-limiter.js";
import { Notifier } from "../notify/notifier.js";
import { SubscriptionRegistry } from "../notify/subscription-registry.js";
import { AppRegistry } from "../oauth/app-registry.js";
import { NonceRegistry } from "../oauth/nonce-registry.js";
import { TokenRegistry } from "../oauth/token-registry.js";
import { StatsRecorder } from "../stats/stats-recorder.js";
import type { ResolvedCloudBehaviour } from "../types/cloud-behaviour.js";
import type { ResolvedSandboxOptions } from "./resolve-options.js";
import { UserDirectory } from "./user-directory.js";

/**
 * Everything a request handler may read or change. Reset builds a new one; the clock and the
 * options outlive it.
 *
 * @example
 * ```ts
 * const handle = (ctx: SandboxContext) => ctx.stats.snapshot();
 * ```
 */
export interface SandboxContext {
  readonly options: ResolvedSandboxOptions;
  readonly clock: SimulatedClock;
  readonly apps: AppRegistry;
  readonly tokens: TokenRegistry;
  readonly nonces: NonceRegistry;
  readonly users: UserDirectory;
  readonly limiter: RequestLimiter;
  readonly subscriptions: SubscriptionRegistry;
  readonly stats: StatsRecorder;
  readonly notifier: Notifier;
  /** Replaced by `setFaults`. */
  faults: FaultInjector;
  /** The cloud's behaviour; replaced by `setCloud` (which also hands it to every user). */
  cloud: ResolvedCloudBehaviour;
  /** The lies of single HTTP answers under `cloud`; replaced with it. */
  lies: AnswerLies;
  /** Replaced by `setAutoApprove`. */
  autoApprove: boolean | string;
  /** Releases of hanging responses, shared across resets so `close()` can end them all. */
  readonly hangs: Set<() => void>;
}

/**
 * Builds the state of a fresh sandbox from resolved options.
 *
 * @example
 * ```ts
 * const ctx = createSandboxContext(resolveSandboxOptions({ seed: 1 }));
 * ctx.apps.get("withings-kit-sandbox"); // the default app
 * ```
 */
export function createSandboxContext(
  options: ResolvedSandboxOptions,
  hangs: Set<() => void> = new Set(),
): SandboxContext {
  const stats = new StatsRecorder();
  const rate = options.rateLimit;
  const subscriptions = new SubscriptionRegistry();
  return {
    options,
    clock: options.clock,
    apps: new AppRegistry(options.apps),
    tokens: new TokenRegistry(),
    nonces: new NonceRegistry(),
    users: new UserDirectory(options.seed, options.cloud),
    limiter: new RequestLimiter({
      limit: rate === false ? undefined : rate.limit,
      windowMs: rate === false ? 0 : rate.windowSeconds * 1000,
      duplicateWindowMs: options.duplicateWindowSeconds * 1000,
    }),
    subscriptions,
    stats,
    notifier: new Notifier({
      fetch: options.outboundFetch,
      timeoutMs: options.webhookTimeoutMs,
      stats,
      clock: options.clock,
      behaviour: options.notifications,
      seed: options.seed,
      subscriptions,
    }),
    faults: new FaultInjector(options.faults),
    cloud: options.cloud,
    lies: new AnswerLies(options.cloud),
    autoApprove: options.autoApprove,
    hangs,
  };
}
