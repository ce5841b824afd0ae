import type { ListActionKey } from "../cloud/list-action-key.js";

/**
 * The order a list action walks its records in. The reference leaves it unconfirmed (§9.2);
 * the observed defaults (§1.13) are getmeas and heart list newest first, the others oldest
 * first.
 *
 * @example
 * ```ts
 * const order: SortOrder = "newest-first";
 * ```
 */
export type SortOrder = "newest-first" | "oldest-first";

/**
 * What the `offset` of a list answer means (reference §1.13, §9.1: "treat `offset` as an
 * opaque cursor").
 * - `count`: the number of matching rows before the next page, recomputed live on every
 *   request: deleting a row a reader has already passed shifts every later row one place
 *   back, so a reader that follows the offsets skips one (the real race).
 * - `page-boundary`: like `count`, but the answered offset is always `offset + page size`,
 *   even on a short last page (the S3 fixture's `"more": false, "offset": 200` beside 2 rows).
 * - `token`: an opaque integer standing for the position of the last row served
 *   (keyset-style); continuing from it is immune to deletions. An unknown token is answered
 *   as "Invalid Params".
 *
 * @example
 * ```ts
 * const style: OffsetStyle = "token";
 * ```
 */
export type OffsetStyle = "count" | "page-boundary" | "token";

/**
 * A service whose server clock can be skewed (`serverSkewSeconds`): the data services.
 *
 * @example
 * ```ts
 * const service: SkewedService = "/v2/sleep";
 * ```
 */
export type SkewedService = "/measure" | "/v2/measure" | "/v2/heart" | "/v2/sleep" | "/v2/user";

/**
 * What getmeas answers when the request has no `category` (unconfirmed, reference §2.3, §9.4):
 * `both` real measures and objectives, or `real-only` (category 1).
 *
 * @example
 * ```ts
 * const answer: GetmeasCategory = "real-only";
 * ```
 */
export type GetmeasCategory = "both" | "real-only";

/**
 * How the sandbox's cloud behaves where the reference leaves room, each switch a quirk a
 * client must survive (docs/sync-guarantees.md, "The cloud the guarantee holds against").
 * Every switch is seeded by `seed`, so a run is reproducible. Set it with the `cloud` option
 * of `createSandbox`, at run time with `sandbox.setCloud(partial)`, or with
 * `POST /_sandbox/cloud`.
 *
 * `snapshot()` and `answer()` of a user's data apply page sizes, sort orders, offsets, skew
 * and detail lag; `hiddenMore` and `omission` are lies of single HTTP answers and are never
 * part of that truth.
 *
 * @example
 * ```ts
 * const sandbox = createSandbox({
 *   clock: "virtual",
 *   cloud: { pageSizes: { "measure.getmeas": 7 }, offsets: "token", hiddenMore: 0.2, detailLagSeconds: 3600 },
 * });
 * ```
 */
export interface CloudBehaviour {
  /**
   * Rows per page per list action, any positive integer including 1 (page sizes are
   * unconfirmed, §9.1). The top-level `pageSizes` option of `createSandbox` is an alias.
   * @default getmeas 4096, getactivity 200, getworkouts 300, heart list 200, getsummary 300 (§1.13)
   */
  readonly pageSizes?: Partial<Record<ListActionKey, number>>;
  /**
   * The order each list action walks its records in (unconfirmed, §9.2).
   * @default getmeas and heart list `newest-first`, the others `oldest-first` (§1.13)
   */
  readonly sortOrders?: Partial<Record<ListActionKey, SortOrder>>;
  /** What answered offsets mean, see {@link OffsetStyle} (§1.13, §9.1). @default "count" */
  readonly offsets?: OffsetStyle;
  /**
   * Probability (0 to 1) that an HTTP list answer with rows says there is no more
   * (`more: 0` / `false`) while rows remain; the offset is still the real next offset (the
   * "no more while more rows exist" of §1.13, and Q7's clients that stop early). Never on an
   * empty page. HTTP answers only.
   * @default 0
   */
  readonly hiddenMore?: number;
  /**
   * Probability (0 to 1) that an HTTP list answer (getmeas, getactivity, getworkouts,
   * getsummary, heart list) leaves out one of its records, a transient omission no client can
   * tell from absence; the same version of a record (id and `modified`) is never left out
   * twice. Offsets are computed as if the record had been served. HTTP answers only.
   * @default 0
   */
  readonly omission?: number;
  /**
   * Detail reaches the cloud after its parent (Q17): intraday samples, sleep segments and an
   * ECG signal become visible a seeded delay in [0, detailLagSeconds] after their parent's last
   * change (the activity records of the samples' local day, the sleep summary, the heart-list
   * recording; an explicit intraday sample is its own parent). Before that, intraday and sleep
   * get leave them out and heart get answers status 0 with an empty `signal`.
   * @default 0
   */
  readonly detailLagSeconds?: number;
  /**
   * Per data service, the offset of its server clock from the sandbox clock, in seconds
   * ("servers whose clocks disagree"): the `created`, `modified` and getmeas `updatetime`
   * stamps it answers, its `lastupdate` comparisons and the HTTP `Date` header of its answers
   * all read now + offset.
   * @default 0 for every service
   */
  readonly serverSkewSeconds?: Partial<Record<SkewedService, number>>;
  /** An edit also sets the record's `created` to now (observed: edits rewrite `created`). @default false */
  readonly editsRewriteCreated?: boolean;
  /** What getmeas answers without `category` (§9.4). @default "both" */
  readonly getmeasCategory?: GetmeasCategory;
  /** Seeds every draw and delay of these switches. @default the sandbox seed */
  readonly seed?: number;
}

/**
 * A {@link CloudBehaviour} with every default filled in, as `sandbox.cloud()` and
 * `GET /_sandbox/cloud` answer it.
 *
 * @example
 * ```ts
 * const active: ResolvedCloudBehaviour = sandbox.cloud();
 * active.pageSizes["measure.getmeas"]; // 4096
 * ```
 */
export interface ResolvedCloudBehaviour {
  readonly pageSizes: Readonly<Record<ListActionKey, number>>;
  readonly sortOrders: Readonly<Record<ListActionKey, SortOrder>>;
  readonly offsets: OffsetStyle;
  readonly hiddenMore: number;
  readonly omission: number;
  readonly detailLagSeconds: number;
  readonly serverSkewSeconds: Readonly<Record<SkewedService, number>>;
  readonly editsRewriteCreated: boolean;
  readonly getmeasCategory: GetmeasCategory;
  readonly seed: number;
}
