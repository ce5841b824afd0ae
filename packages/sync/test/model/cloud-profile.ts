// Random clouds: every switch of `CloudBehaviour` (docs/sync-guarantees.md, "The cloud the
// guarantee holds against"), sometimes faults, and the world around them (zones, clocks,
// users, store, concurrency).
import {
  type CloudBehaviour,
  type FaultConfig,
  type FaultKind,
  LIST_ACTION_KEYS,
  type ListActionKey,
  type SkewedService,
  type SortOrder,
} from "@withings-kit/sandbox";
import fc from "fast-check";
import type { WorldConfig } from "./world.js";

const DAY = 86_400;

/** The empty user's home zones: DST both ways, half-hour offsets, both sides of the date line. */
export const HOME_ZONES = [
  "Europe/Paris",
  "America/New_York",
  "Asia/Tokyo",
  "UTC",
  "Australia/Lord_Howe",
  "America/St_Johns",
  "Pacific/Kiritimati",
  "Pacific/Pago_Pago",
] as const;

const SKEWED: readonly SkewedService[] = [
  "/measure",
  "/v2/measure",
  "/v2/heart",
  "/v2/sleep",
  "/v2/user",
];

/** Page sizes: 1, 2, 3, odd ones, and the observed defaults (left out). */
const pageSize = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(1, 2, 3) },
  { weight: 2, arbitrary: fc.constantFrom(5, 7, 11, 13) },
  { weight: 1, arbitrary: fc.integer({ min: 4, max: 40 }) },
);

/** Per list action, a page size or the default. */
function pageSizes(min: number): fc.Arbitrary<Partial<Record<ListActionKey, number>>> {
  return fc.record(
    Object.fromEntries(
      LIST_ACTION_KEYS.map((k) => [k, pageSize.map((n) => Math.max(n, min))]),
    ) as Record<ListActionKey, fc.Arbitrary<number>>,
    { requiredKeys: [] },
  );
}

const sortOrders: fc.Arbitrary<Partial<Record<ListActionKey, SortOrder>>> = fc.record(
  Object.fromEntries(
    LIST_ACTION_KEYS.map((k) => [k, fc.constantFrom<SortOrder>("newest-first", "oldest-first")]),
  ) as Record<ListActionKey, fc.Arbitrary<SortOrder>>,
  { requiredKeys: [] },
);

/** Server clocks: each data service up to ±10 min off the sandbox's. */
export const serverSkew: fc.Arbitrary<Partial<Record<SkewedService, number>>> = fc.record(
  Object.fromEntries(SKEWED.map((s) => [s, fc.integer({ min: -600, max: 600 })])) as Record<
    SkewedService,
    fc.Arbitrary<number>
  >,
  { requiredKeys: [] },
);

/**
 * A cloud profile over every switch. `minPage` keeps page sizes of a large synthetic user
 * from making a case cost thousands of requests.
 */
export function cloudBehaviour(minPage = 1): fc.Arbitrary<CloudBehaviour> {
  return fc.record(
    {
      pageSizes: pageSizes(minPage),
      sortOrders,
      offsets: fc.constantFrom("count" as const, "page-boundary" as const, "token" as const),
      hiddenMore: fc.constantFrom(0, 0, 0.5, 1),
      omission: fc.constantFrom(0, 0, 0.2),
      detailLagSeconds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 * 3600 })),
      serverSkewSeconds: serverSkew,
      editsRewriteCreated: fc.boolean(),
      getmeasCategory: fc.constantFrom("both" as const, "real-only" as const),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    },
    { requiredKeys: [] },
  );
}

/**
 * Faults at low rates. `hang` is left out: its cap is real time (`hangMaxMs`), and a case
 * whose outcome depends on how fast the machine is could not be replayed.
 */
const FAULTS: readonly FaultKind[] = [
  "http-500",
  "http-502",
  "http-503",
  "truncated-json",
  "spurious-401",
  "spurious-601",
  "slow",
  "paging-quirk",
];

export const faultConfig: fc.Arbitrary<FaultConfig> = fc.record({
  rates: fc
    .uniqueArray(fc.constantFrom(...FAULTS), { minLength: 1, maxLength: 4 })
    .chain((kinds) =>
      fc.tuple(...kinds.map((k) => fc.constantFrom(0.01, 0.03, 0.06).map((r) => [k, r] as const))),
    )
    .map((pairs) => Object.fromEntries(pairs) as Partial<Record<FaultKind, number>>),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

/** How far the client's clock is off the cloud's: often right, else minutes, hours or days. */
export const clientOffset = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: -900, max: 900 }) },
  { weight: 1, arbitrary: fc.integer({ min: -6 * 3600, max: 6 * 3600 }) },
  // At most three days: a lease another host left is waited out for its length on the
  // engine's clock, and the end of a case must reach past it.
  { weight: 1, arbitrary: fc.integer({ min: -3 * DAY, max: 3 * DAY }) },
);

/** A world: start time (any season: DST changes fall inside the ~400 days of history). */
export function worldConfig(): fc.Arbitrary<WorldConfig> {
  return fc
    .record({
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      start: fc.integer({
        min: Date.UTC(2025, 0, 1) / 1000,
        max: Date.UTC(2026, 11, 31) / 1000,
      }),
      zone: fc.constantFrom(...HOME_ZONES),
      // A synthetic user is costly (its watch uploads all day: 5 to 20 s a case, against a
      // fifth of a second without, and hardly less for a shorter history): rarely, and with
      // days to weeks of history, which is all the variety it brings.
      vitalsYears: fc.oneof(
        { weight: 200, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom(0.02, 0.05, 0.1) },
      ),
      faults: fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: faultConfig },
      ),
      concurrency: fc.constantFrom<1 | 2>(1, 2),
      clientOffsetSeconds: clientOffset,
      fileStore: fc.oneof(
        { weight: 4, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    })
    .chain((base) =>
      cloudBehaviour(base.vitalsYears === null ? 1 : 25).map(
        (cloud): WorldConfig => ({ ...base, cloud }),
      ),
    );
}
