import { WithingsArgumentError } from "@withings-kit/client";
import { SimulatedClock } from "../clock/simulated-clock.js";
import { defaultCloudBehaviour } from "../cloud/default-cloud-behaviour.js";
import { resolveCloudBehaviour } from "../cloud/resolve-cloud-behaviour.js";
import { resolveFaultConfig } from "../faults/fault-injector.js";
import type { ResolvedCloudBehaviour } from "../types/cloud-behaviour.js";
import type { ResolvedFaultConfig } from "../types/fault-config.js";
import type {
  NotificationBehaviour,
  ResolvedNotificationBehaviour,
} from "../types/notification-behaviour.js";
import type { SandboxAppOptions } from "../types/sandbox-app-options.js";
import type { SandboxOptions } from "../types/sandbox-options.js";

/**
 * {@link SandboxOptions} with every default filled in, frozen once at construction.
 *
 * @example
 * ```ts
 * const resolved: ResolvedSandboxOptions = resolveSandboxOptions({ clock: "virtual" });
 * ```
 */
export interface ResolvedSandboxOptions {
  readonly seed: number;
  readonly apps: readonly SandboxAppOptions[];
  readonly rateLimit: { readonly limit: number; readonly windowSeconds: number } | false;
  readonly duplicateWindowSeconds: number;
  /** The cloud's behaviour at start and after a reset (`pageSizes` merged in). */
  readonly cloud: ResolvedCloudBehaviour;
  readonly outboundFetch: (request: Request) => Promise<Response>;
  readonly webhookTimeoutMs: number;
  readonly notifications: ResolvedNotificationBehaviour;
  readonly clock: SimulatedClock;
  /** False when the clock was passed in: then `close()` leaves it running. */
  readonly ownsClock: boolean;
  readonly nonceToleranceSeconds: number;
  readonly autoApprove: boolean | string;
  readonly faults: ResolvedFaultConfig;
  readonly onError: (error: unknown) => void;
}

// Every option key, so that adding an option without resolving it fails the build.
const OPTION_KEYS = {
  seed: true,
  apps: true,
  rateLimit: true,
  duplicateWindowSeconds: true,
  pageSizes: true,
  cloud: true,
  outboundFetch: true,
  webhookTimeoutMs: true,
  notifications: true,
  clock: true,
  startTime: true,
  nonceToleranceSeconds: true,
  autoApprove: true,
  faults: true,
  onError: true,
} as const satisfies Record<keyof SandboxOptions, true>;

/**
 * Validates options and fills in defaults.
 *
 * @throws {WithingsArgumentError} naming the first bad option; `code` says how it is wrong.
 * @example
 * ```ts
 * resolveSandboxOptions({ seed: 42 }).rateLimit; // { limit: 120, windowSeconds: 60 }
 * ```
 */
export function resolveSandboxOptions(options: SandboxOptions = {}): ResolvedSandboxOptions {
  for (const key of Object.keys(options)) {
    if (!(key in OPTION_KEYS)) {
      throw new WithingsArgumentError("ERR_INVALID_ARG_VALUE", `unknown sandbox option "${key}"`);
    }
  }
  const seed = integer(options.seed, "seed", 1);
  const rate = options.rateLimit;
  const startTime = options.startTime;
  if (startTime !== undefined && !Number.isFinite(startTime)) {
    throw new WithingsArgumentError("ERR_INVALID_ARG_VALUE", "startTime must be Unix seconds");
  }
  const clock =
    options.clock instanceof SimulatedClock
      ? options.clock
      : new SimulatedClock(
          options.clock ?? "realtime",
          startTime === undefined ? Date.now() : startTime * 1000,
        );
  if (options.clock !== undefined && !(options.clock instanceof SimulatedClock)) {
    if (options.clock !== "realtime" && options.clock !== "virtual") {
      throw new WithingsArgumentError(
        "ERR_INVALID_ARG_VALUE",
        'clock must be "realtime", "virtual" or a SimulatedClock',
      );
    }
  }
  const outboundFetch = options.outboundFetch ?? ((request: Request) => globalThis.fetch(request));
  return Object.freeze({
    seed,
    apps: Object.freeze([...(options.apps ?? [])]),
    rateLimit:
      rate === false
        ? false
        : Object.freeze({
            limit: positive(rate?.limit, "rateLimit.limit", 120),
            windowSeconds: positive(rate?.windowSeconds, "rateLimit.windowSeconds", 60),
          }),
    duplicateWindowSeconds: nonNegative(
      options.duplicateWindowSeconds,
      "duplicateWindowSeconds",
      10,
    ),
    cloud: resolveCloud(options, seed),
    outboundFetch,
    webhookTimeoutMs: positive(options.webhookTimeoutMs, "webhookTimeoutMs", 5000),
    notifications: resolveNotifications(options.notifications ?? {}),
    clock,
    ownsClock: !(options.clock instanceof SimulatedClock),
    nonceToleranceSeconds: nonNegative(options.nonceToleranceSeconds, "nonceToleranceSeconds", 300),
    autoApprove: options.autoApprove ?? false,
    faults: resolveFaultConfig(options.faults ?? {}, seed),
    onError: options.onError ?? (() => {}),
  });
}

// The `pageSizes` alias first, then the `cloud` option over it.
function resolveCloud(options: SandboxOptions, seed: number): ResolvedCloudBehaviour {
  let cloud = defaultCloudBehaviour(seed);
  if (options.pageSizes !== undefined) {
    cloud = resolveCloudBehaviour({ pageSizes: options.pageSizes }, cloud);
  }
  return options.cloud === undefined ? cloud : resolveCloudBehaviour(options.cloud, cloud);
}

function integer(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value)) {
    throw new WithingsArgumentError("ERR_INVALID_ARG_VALUE", `${name} must be an integer`);
  }
  return value;
}

function resolveNotifications(o: NotificationBehaviour): ResolvedNotificationBehaviour {
  const loss = nonNegative(o.loss, "notifications.loss", 0);
  if (loss > 1) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      "notifications.loss must be between 0 and 1",
    );
  }
  if (o.retries !== undefined && typeof o.retries !== "boolean") {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_TYPE",
      "notifications.retries must be a boolean",
    );
  }
  const remove = o.removeAfterFailures;
  if (remove !== undefined && remove !== false && !(Number.isInteger(remove) && remove > 0)) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      "notifications.removeAfterFailures must be a positive integer or false",
    );
  }
  return Object.freeze({
    loss,
    retries: o.retries ?? true,
    removeAfterFailures: remove ?? 4,
  });
}

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new WithingsArgumentError("ERR_INVALID_ARG_VALUE", `${name} must be a positive number`);
  }
  return value;
}

function nonNegative(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value >= 0) || !Number.isFinite(value)) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      `${name} must be a non-negative number`,
    );
  }
  return value;
}
