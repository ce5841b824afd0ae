import { type EndpointKey, WithingsArgumentError } from "@withings-kit/client";
import { SeededRandom } from "../data/random/seeded-random.js";
import type { FaultConfig, FaultKind, ResolvedFaultConfig } from "../types/fault-config.js";

/**
 * Every fault kind, in the order they are drawn.
 *
 * @example
 * ```ts
 * sandbox.setFaults({ rates: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0.01])) });
 * ```
 */
export const FAULT_KINDS: readonly FaultKind[] = Object.freeze([
  "http-500",
  "http-502",
  "http-503",
  "hang",
  "truncated-json",
  "spurious-401",
  "spurious-601",
  "slow",
  "paging-quirk",
]);

/**
 * Checks and completes a fault configuration.
 *
 * @throws {WithingsArgumentError} `ERR_INVALID_ARG_VALUE`, its message naming the bad field.
 * @example
 * ```ts
 * resolveFaultConfig({ rates: { slow: 0.5 } }, 42).slowMs; // 3000
 * ```
 */
export function resolveFaultConfig(config: FaultConfig, defaultSeed: number): ResolvedFaultConfig {
  const rates: Partial<Record<FaultKind, number>> = {};
  for (const [kind, rate] of Object.entries(config.rates ?? {})) {
    if (!FAULT_KINDS.includes(kind as FaultKind)) {
      throw new WithingsArgumentError(
        "ERR_INVALID_ARG_VALUE",
        `rates.${kind}: unknown fault kind (expected ${FAULT_KINDS.join(", ")})`,
      );
    }
    if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
      throw new WithingsArgumentError(
        "ERR_INVALID_ARG_VALUE",
        `rates.${kind}: expected a probability between 0 and 1`,
      );
    }
    if (rate > 0) rates[kind as FaultKind] = rate;
  }
  const whole = (value: number | undefined, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      throw new WithingsArgumentError(
        "ERR_INVALID_ARG_VALUE",
        `${name}: expected a non-negative integer`,
      );
    }
    return value;
  };
  return Object.freeze({
    rates: Object.freeze(rates),
    seed: whole(config.seed, "seed", defaultSeed),
    slowMs: whole(config.slowMs, "slowMs", 3000),
    hangMaxMs: whole(config.hangMaxMs, "hangMaxMs", 120_000),
    endpoints: config.endpoints === undefined ? undefined : Object.freeze([...config.endpoints]),
  });
}

/**
 * Decides which fault, if any, hits each API request. One draw per kind per request from a PRNG
 * seeded by the configuration, so the same sequence of requests meets the same faults; a kind that
 * does not apply to the action (a 401 on the token endpoint, the paging quirk on a non-list) is
 * drawn anyway and ignored, which keeps the sequence independent of the mix of actions.
 *
 * @example
 * ```ts
 * const faults = new FaultInjector(resolveFaultConfig({ rates: { "http-502": 1 } }, 1));
 * faults.draw("measure.getmeas", { bearer: true, paginated: true }); // "http-502"
 * ```
 */
export class FaultInjector {
  readonly config: ResolvedFaultConfig;
  readonly #random: SeededRandom;
  readonly #active: boolean;

  constructor(config: ResolvedFaultConfig) {
    this.config = config;
    this.#random = new SeededRandom(config.seed);
    this.#active = Object.keys(config.rates).length > 0;
  }

  /** The fault for one request of `key`, or `undefined`. */
  draw(
    key: EndpointKey,
    applies: { readonly bearer: boolean; readonly paginated: boolean },
  ): FaultKind | undefined {
    if (!this.#active) return undefined;
    if (this.config.endpoints !== undefined && !this.config.endpoints.includes(key))
      return undefined;
    let chosen: FaultKind | undefined;
    for (const kind of FAULT_KINDS) {
      const rate = this.config.rates[kind] ?? 0;
      const hit = this.#random.next() < rate;
      if (!hit || chosen !== undefined) continue;
      if (kind === "spurious-401" && !applies.bearer) continue;
      if (kind === "paging-quirk" && !applies.paginated) continue;
      chosen = kind;
    }
    return chosen;
  }

  /** A number in [0, 1) from the same stream (where to cut a truncated answer). */
  random(): number {
    return this.#random.next();
  }
}
