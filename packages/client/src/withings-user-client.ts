import type { TokenManager } from "./auth/token-manager.js";
import type { CallOptions } from "./call-options.js";
import type {
  EndpointParams,
  EndpointSpec,
  PaginatedEndpointKey,
  UserEndpointKey,
} from "./endpoints.js";
import { endpoints } from "./endpoints.js";
import { WithingsAuthError } from "./errors/withings-api-error.js";
import { encodeParams, toEpochSeconds } from "./http/encode-params.js";
import { send, type TransportOptions } from "./http/transport.js";
import { untilAborted } from "./http/until-aborted.js";
import type { RetryPolicy } from "./limits/retry-policy.js";
import { itemsOf, type PageEnd, paginate } from "./paging/paginate.js";
import { sleepSegmentKey } from "./paging/sleep-segment-key.js";
import { splitWindows } from "./paging/windows.js";
import type { GetIntradayBody, IntradaySample } from "./types/activity.js";
import type { EndpointResults } from "./types/endpoint-results.js";
import type { ItemOf } from "./types/item-of.js";
import type { GetSleepBody, SleepSegment } from "./types/sleep.js";

/**
 * Options of the paging helpers.
 *
 * @example
 * ```ts
 * const options: PageOptions = { signal: AbortSignal.timeout(60_000), onEnd: (end) => log(end) };
 * const recordings = await user.collect("heart.list", {}, options);
 * ```
 */
export interface PageOptions extends CallOptions {
  /** Called once with the reason the walk ended (useful for accounting). */
  readonly onEnd?: (end: PageEnd) => void;
}

/**
 * The data API of one Withings user. Every call gets a valid access token (refreshed before
 * expiry, and once more after a 401), passes the app-wide rate limiter and is retried per
 * policy. Get one from `client.user(userId)`.
 *
 * @example
 * ```ts
 * const user = client.user("12345");
 * for await (const group of user.items("measure.getmeas", { meastypes: [9, 10, 11] })) {
 *   console.log(group.grpid, group.measures);
 * }
 * ```
 */
export class WithingsUserClient {
  readonly userId: string;
  readonly #transport: TransportOptions;
  readonly #tokens: TokenManager;
  readonly #probeFullPages: boolean;
  readonly #inFlight: Map<string, Promise<unknown>>;

  constructor(
    userId: string,
    transport: TransportOptions,
    tokens: TokenManager,
    options: { probeFullPages: boolean; inFlight: Map<string, Promise<unknown>> },
  ) {
    this.userId = userId;
    this.#inFlight = options.inFlight;
    this.#transport = transport;
    this.#tokens = tokens;
    this.#probeFullPages = options.probeFullPages;
  }

  /**
   * The client's retry policy, which calls follow unless they give their own: a caller
   * that needs more attempts builds on it (asking it, then deciding past its count)
   * rather than retrying around it; the sync engine's policy does so.
   *
   * @example
   * ```ts
   * user.retryPolicy.maxAttempts; // 5 by default
   * ```
   */
  get retryPolicy(): RetryPolicy {
    return this.#transport.retry;
  }

  /**
   * One call of any user action by its key, with typed parameters and result.
   *
   * @example
   * ```ts
   * const body = await user.call("measure.getmeas", { lastupdate: 1700000000 });
   * ```
   */
  call<K extends UserEndpointKey>(
    key: K,
    params: EndpointParams<K> = {} as EndpointParams<K>,
    options: CallOptions = {},
  ): Promise<EndpointResults[K]> {
    const form = encodeParams(key, params);
    const spec: EndpointSpec = endpoints[key];
    // Identical reads in flight for one user share one request: the API answers a repeat
    // of the same arguments within 10 s with 601 (reference §7), and it saves budget.
    // Writes and calls with their own abort signal or retry policy are never shared.
    if (spec.write || options.signal || options.retry) return this.#authorized(key, form, options);
    const id = `${this.userId} ${form}`;
    const pending = this.#inFlight.get(id);
    if (pending) return pending as Promise<EndpointResults[K]>;
    const flight = this.#authorized(key, form, {}).finally(() => this.#inFlight.delete(id));
    this.#inFlight.set(id, flight);
    return flight;
  }

  async #authorized<K extends UserEndpointKey>(
    key: K,
    form: URLSearchParams,
    options: CallOptions,
  ): Promise<EndpointResults[K]> {
    // A refresh is shared by every caller of this user: one that gives up stops waiting for
    // it, and the refresh goes on, so that a rotated pair is still stored.
    const token = await whileWanted(this.#tokens.accessToken(this.userId), options.signal);
    try {
      return await this.#send(key, form, token, options);
    } catch (error) {
      if (!(error instanceof WithingsAuthError) || error.status !== 401) throw error;
      // The token may have expired early or been rotated elsewhere: refresh (once for all
      // waiting calls) and try exactly once more.
      const fresh = await whileWanted(
        this.#tokens.afterRejection(this.userId, token),
        options.signal,
      );
      try {
        return await this.#send(key, form, fresh, options);
      } catch (second) {
        if (!(second instanceof WithingsAuthError) || second.status !== 401) throw second;
        throw new WithingsAuthError({
          status: second.status,
          family: second.family,
          apiMessage: second.apiMessage,
          action: key,
          endpoint: endpoints[key].service,
          cause: second,
          needsReauthorization: true,
        });
      }
    }
  }

  /**
   * Every page of a list action, following `more`/`offset` safely.
   *
   * @example
   * ```ts
   * for await (const page of user.pages("sleep.getsummary", { lastupdate: 0 })) save(page.series);
   * ```
   */
  async *pages<K extends PaginatedEndpointKey>(
    key: K,
    params: Omit<EndpointParams<K>, "offset"> = {} as Omit<EndpointParams<K>, "offset">,
    options: PageOptions = {},
  ): AsyncGenerator<EndpointResults[K], void, undefined> {
    yield* paginate(
      key,
      (offset) =>
        this.call(
          key,
          (offset === undefined ? params : { ...params, offset }) as EndpointParams<K>,
          options,
        ),
      {
        probeFullPages: this.#probeFullPages,
        onProbe: () =>
          this.#transport.onEvent?.({ type: "page-probe", action: key, userId: this.userId }),
        ...(options.onEnd ? { onEnd: options.onEnd } : {}),
      },
    );
  }

  /**
   * Every item of a list action, page after page.
   *
   * @example
   * ```ts
   * for await (const workout of user.items("measure.getworkouts", { lastupdate: 0 })) console.log(workout.id);
   * ```
   */
  async *items<K extends PaginatedEndpointKey>(
    key: K,
    params: Omit<EndpointParams<K>, "offset"> = {} as Omit<EndpointParams<K>, "offset">,
    options: PageOptions = {},
  ): AsyncGenerator<ItemOf<K>, void, undefined> {
    const listKey = endpoints[key].pagination.listKey;
    for await (const page of this.pages(key, params, options)) {
      yield* itemsOf(page, listKey) as readonly ItemOf<K>[];
    }
  }

  /**
   * Collects every item of a list action into an array; `until` stops early when it returns
   * true for an item (that item is included).
   *
   * @example
   * ```ts
   * const groups = await user.collect("measure.getmeas", { meastypes: [1] });
   * ```
   */
  async collect<K extends PaginatedEndpointKey>(
    key: K,
    params: Omit<EndpointParams<K>, "offset"> = {} as Omit<EndpointParams<K>, "offset">,
    options: PageOptions & { until?: (item: ItemOf<K>) => boolean } = {},
  ): Promise<ItemOf<K>[]> {
    const out: ItemOf<K>[] = [];
    for await (const item of this.items(key, params, options)) {
      out.push(item);
      if (options.until?.(item)) break;
    }
    return out;
  }

  /** One page of measures (`measure.getmeas`). @example `await user.getMeas({ meastypes: [1, 6] })` */
  getMeas(params: EndpointParams<"measure.getmeas"> = {}, options: CallOptions = {}) {
    return this.call("measure.getmeas", params, options);
  }

  /** One page of activity days. @example `await user.getActivity({ lastupdate: 0 })` */
  getActivity(params: EndpointParams<"measure.getactivity"> = {}, options: CallOptions = {}) {
    return this.call("measure.getactivity", params, options);
  }

  /** One page of workouts. @example `await user.getWorkouts({ lastupdate: 0 })` */
  getWorkouts(params: EndpointParams<"measure.getworkouts"> = {}, options: CallOptions = {}) {
    return this.call("measure.getworkouts", params, options);
  }

  /** One page of ECG recordings (`heart.list`). @example `await user.listHeart()` */
  listHeart(params: EndpointParams<"heart.list"> = {}, options: CallOptions = {}) {
    return this.call("heart.list", params, options);
  }

  /** One ECG signal (`heart.get`). @example `await user.getHeart({ signalid: 123 })` */
  getHeart(params: EndpointParams<"heart.get">, options: CallOptions = {}) {
    return this.call("heart.get", params, options);
  }

  /** One page of sleep summaries. @example `await user.getSleepSummary({ lastupdate: 0 })` */
  getSleepSummary(params: EndpointParams<"sleep.getsummary"> = {}, options: CallOptions = {}) {
    return this.call("sleep.getsummary", params, options);
  }

  /** The user's devices. @example `(await user.getDevice()).devices` */
  getDevice(options: CallOptions = {}) {
    return this.call("user.getdevice", {}, options);
  }

  /** The user's goals (`{}` when none). @example `(await user.getGoals()).goals.steps` */
  getGoals(options: CallOptions = {}) {
    return this.call("user.getgoals", {}, options);
  }

  /**
   * Intraday activity over any range: split into 24 h windows (the API cuts longer ranges
   * silently, quirk Q8) and stitched in time order, one sample per timestamp. Without dates,
   * the most recent samples.
   *
   * @example
   * ```ts
   * const { series } = await user.getIntradayActivity({ startdate: "2024-01-01", enddate: "2024-01-08" });
   * ```
   */
  async getIntradayActivity(
    params: EndpointParams<"measure.getintradayactivity"> = {},
    options: CallOptions = {},
  ): Promise<GetIntradayBody> {
    if (params.startdate === undefined || params.enddate === undefined) {
      return this.call("measure.getintradayactivity", params, options);
    }
    const merged = new Map<number, IntradaySample>();
    for (const w of this.#windows(
      "measure.getintradayactivity",
      params.startdate,
      params.enddate,
    )) {
      const body = await this.call(
        "measure.getintradayactivity",
        { ...params, startdate: w.start, enddate: w.end },
        options,
      );
      for (const [time, sample] of Object.entries(body.series)) merged.set(Number(time), sample);
    }
    const series: Record<string, IntradaySample> = {};
    for (const time of [...merged.keys()].sort((a, b) => a - b)) series[time] = merged.get(time)!;
    return { series };
  }

  /**
   * Sleep detail over any range, split into 24 h windows and stitched in time order;
   * segments returned by two windows at a seam are kept once.
   *
   * @example
   * ```ts
   * const { series } = await user.getSleep({ startdate: "2024-01-01", enddate: "2024-01-03" });
   * ```
   */
  async getSleep(
    params: EndpointParams<"sleep.get">,
    options: CallOptions = {},
  ): Promise<GetSleepBody> {
    const segments = new Map<string, SleepSegment>();
    let model: number | null | undefined;
    for (const w of this.#windows("sleep.get", params.startdate, params.enddate)) {
      const body = await this.call(
        "sleep.get",
        { ...params, startdate: w.start, enddate: w.end },
        options,
      );
      model ??= body.model;
      for (const segment of body.series) {
        segments.set(sleepSegmentKey(segment), segment);
      }
    }
    const series = [...segments.values()].sort(
      (a, b) => a.startdate - b.startdate || a.enddate - b.enddate,
    );
    return model === undefined ? { series } : { series, model };
  }

  /** Subscribes a callback URL to one `appli`. @example `await user.notifySubscribe({ callbackurl, appli: 1 })` */
  notifySubscribe(params: EndpointParams<"notify.subscribe">, options: CallOptions = {}) {
    return this.call("notify.subscribe", params, options);
  }

  /** One subscription. @example `await user.notifyGet({ callbackurl, appli: 4 })` */
  notifyGet(params: EndpointParams<"notify.get">, options: CallOptions = {}) {
    return this.call("notify.get", params, options);
  }

  /** The user's subscriptions, of one appli or all. @example `(await user.notifyList()).profiles` */
  notifyList(params: EndpointParams<"notify.list"> = {}, options: CallOptions = {}) {
    return this.call("notify.list", params, options);
  }

  /** Removes a subscription. @example `await user.notifyRevoke({ callbackurl, appli: 1 })` */
  notifyRevoke(params: EndpointParams<"notify.revoke">, options: CallOptions = {}) {
    return this.call("notify.revoke", params, options);
  }

  /** Changes a subscription. @example `await user.notifyUpdate({ callbackurl, appli: 1, comment: "x" })` */
  notifyUpdate(params: EndpointParams<"notify.update">, options: CallOptions = {}) {
    return this.call("notify.update", params, options);
  }

  #windows(key: "measure.getintradayactivity" | "sleep.get", start: unknown, end: unknown) {
    return splitWindows(
      toEpochSeconds(start, `${key}: "startdate"`),
      toEpochSeconds(end, `${key}: "enddate"`),
      endpoints[key].windowSeconds,
    );
  }

  #send<K extends UserEndpointKey>(
    key: K,
    form: URLSearchParams,
    token: string,
    options: CallOptions,
  ): Promise<EndpointResults[K]> {
    return send(this.#transport, key, {
      form: () => form,
      bearer: token,
      userId: this.userId,
      secrets: [token],
      signal: options.signal,
      retry: options.retry,
    });
  }
}

function whileWanted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return signal === undefined ? promise : untilAborted(promise, signal);
}
