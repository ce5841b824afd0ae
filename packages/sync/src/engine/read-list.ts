import {
  type EndpointParams,
  type EndpointResults,
  WithingsPagingError,
} from "@withings-kit/client";
import { walkList } from "@withings-kit/client/internal";
import { recordKeyOf } from "../store/record-key-of.js";
import type { StoredRow } from "../store/store.js";
import { fingerprint } from "./fingerprint.js";
import type { ListSpec } from "./list-specs.js";
import type { ListAction } from "./minimum-requests.js";
import type { UserSync } from "./user-sync.js";

/**
 * What a complete read of a list found.
 *
 * @example
 * ```ts
 * const { startedAt, keys } = await readList(sync, spec, params, inDomain, onRows);
 * ```
 */
export interface ListRead {
  /**
   * The cloud's time when the read began (the answer's own time where it gives one,
   * getmeas `updatetime`): everything changed before it was read.
   */
  readonly startedAt: number;
  /** Record keys of the read that was accepted. */
  readonly keys: ReadonlySet<string>;
  /** The longest page seen (kept for the next reads, which trust only that it was above one). */
  readonly pageHint: number;
}

/** Reads allowed before a list that keeps changing fails the dataset. */
const MAX_READS = 4;

/**
 * Reads a list whole and proves it: one walk when `walkList` can vouch for it, else walks
 * until two in a row agree on every record both had to hold (the list kept still between
 * them, so neither missed a row). Read `k` (0, 1, …) asks with `params(k)`, which must differ
 * for every `k` — the API refuses the same arguments within 10 s (§7) — and `inDomain(value,
 * k)` says whether an item whose filtered value (`filterValue`: `ListSpec.stamp` for `lastupdate`
 * reads, `instant` for ranges) is `value` must be in read `k`. Every page's rows go to `onRows` as they come, so that
 * nothing read is lost if a later read fails; rows are upserts, replaying them is harmless.
 *
 * @throws {WithingsPagingError} `unstable` when no two reads agree after four, or the
 *   walk's own paging errors.
 * @example
 * ```ts
 * await readList(sync, spec, (k) => spec.incremental(start + k), spec.stamp,
 *   (v, k) => v === null || v > start + k, (rows) => sync.apply({ upsert: rows }, "page"));
 * ```
 */
export async function readList(
  sync: UserSync,
  spec: ListSpec,
  params: (k: number) => Readonly<Record<string, unknown>>,
  filterValue: (item: unknown) => number | null,
  inDomain: (value: number | null, k: number) => boolean,
  onRows: (rows: StoredRow[], body: unknown) => Promise<void>,
): Promise<ListRead> {
  const zone = await sync.zone();
  let hint = trusted(pageHintOf((await sync.meta(spec.dataset))["pageHint"]));
  let startedAt: number | undefined;
  let previous: Map<string, number | null> | undefined;
  for (let k = 0; k < MAX_READS; k++) {
    let serverStart: number | undefined;
    const prints = new Map<string, number | null>();
    const keys = new Set<string>();
    const base = params(k);
    const walk = await walkList<unknown>(
      (offset) =>
        sync.call((options) =>
          sync.user.call(
            spec.key,
            // The action is only known at run time here; its parameters were typed by its spec.
            (offset === undefined ? base : { ...base, offset }) as EndpointParams<ListAction>,
            options,
          ),
        ) as Promise<EndpointResults[ListAction]>,
      {
        listKey: spec.listKey,
        pageHint: hint,
        fingerprint,
        onPage: async ({ body, items, prints: pagePrints, fresh }) => {
          sync.run.signal?.throwIfAborted();
          // When the first answer was built, on the clock of the server that built it (its
          // own stamp, else its Date header, which the client has just read): the servers'
          // clocks can disagree (a skew the overlap absorbs), one server's stamps do not.
          serverStart ??= spec.serverTime?.(body) ?? sync.cloudNow();
          for (let i = 0; i < items.length; i++) {
            const item: unknown = items[i];
            prints.set(pagePrints[i] as string, filterValue(item));
          }
          const rows = spec.rows({ ...(body as object), [spec.listKey]: fresh }, zone);
          for (const row of rows) {
            const key = recordKeyOf(spec.dataset, row);
            if (key !== undefined) keys.add(key);
          }
          await onRows(rows, body);
        },
      },
    );
    hint = trusted(walk.pageHint);
    // The first read's start is what every later change is measured from.
    startedAt ??= serverStart ?? sync.cloudNow();
    if (k === 0 && !walk.unverified) return { startedAt, keys, pageHint: hint };
    if (previous !== undefined && sameWithin(previous, prints, (v) => inDomain(v, k))) {
      return { startedAt, keys, pageHint: hint };
    }
    previous = prints;
  }
  throw new WithingsPagingError("unstable", { action: spec.key });
}

function sameWithin(
  a: ReadonlyMap<string, number | null>,
  b: ReadonlyMap<string, number | null>,
  inDomain: (value: number | null) => boolean,
): boolean {
  for (const [print, v] of a) if (inDomain(v) && !b.has(print)) return false;
  for (const [print, v] of b) if (inDomain(v) && !a.has(print)) return false;
  return true;
}

// What a page size learnt by an earlier walk is trusted for: only that the list's pages hold
// more than one row, so that a page of one row is not full. Trusting more would end a walk
// without a probe at a page shorter than the size learnt, which is wrong once the cloud
// serves smaller pages and hides `more` on one. A page of several rows is probed then, from
// one row back, which vouches for the end in one request.
function trusted(hint: number): number {
  return Math.min(hint, 2);
}

function pageHintOf(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : 0;
}
