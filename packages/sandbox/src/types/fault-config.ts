import type { EndpointKey } from "@withings-kit/client";

/**
 * A kind of injected failure.
 * - `http-500`, `http-502`, `http-503`: a real HTTP error with an HTML page, as a gateway sends.
 * - `hang`: no answer until the request's signal aborts (capped by `hangMaxMs` of real time).
 * - `truncated-json`: the real answer (its effects applied), cut short.
 * - `spurious-401`: body status 401 inside HTTP 200 for a valid token (bearer actions only).
 * - `spurious-601`: body status 601 inside HTTP 200.
 * - `slow`: the real answer after `slowMs` of sandbox time.
 * - `paging-quirk`: `more` says no while more rows exist (list actions only).
 *
 * @example
 * ```ts
 * const kind: FaultKind = "truncated-json";
 * ```
 */
export type FaultKind =
  | "http-500"
  | "http-502"
  | "http-503"
  | "hang"
  | "truncated-json"
  | "spurious-401"
  | "spurious-601"
  | "slow"
  | "paging-quirk";

/**
 * Fault injection settings. At most one fault applies to a request; kinds are drawn in the order
 * of {@link FaultKind} from a PRNG seeded with `seed`, so a run is reproducible.
 *
 * @example
 * ```ts
 * sandbox.setFaults({ rates: { "http-502": 0.1, "paging-quirk": 1 }, seed: 7 });
 * ```
 */
export interface FaultConfig {
  /** Probability (0 to 1) of each kind per API request. @default {} (no faults) */
  readonly rates?: Partial<Record<FaultKind, number>>;
  /** Seed of the fault PRNG. @default the sandbox seed */
  readonly seed?: number;
  /** Delay of a `slow` answer, in milliseconds of sandbox time. @default 3000 */
  readonly slowMs?: number;
  /** The longest a `hang` lasts in real time before a 504 page is sent. @default 120000 */
  readonly hangMaxMs?: number;
  /** Restrict faults to these actions. @default every action */
  readonly endpoints?: readonly EndpointKey[];
}

/**
 * A {@link FaultConfig} with its defaults filled in, as `sandbox.faults()` answers it.
 *
 * @example
 * ```ts
 * const active: ResolvedFaultConfig = sandbox.faults();
 * ```
 */
export interface ResolvedFaultConfig {
  readonly rates: Readonly<Partial<Record<FaultKind, number>>>;
  readonly seed: number;
  readonly slowMs: number;
  readonly hangMaxMs: number;
  readonly endpoints: readonly EndpointKey[] | undefined;
}
