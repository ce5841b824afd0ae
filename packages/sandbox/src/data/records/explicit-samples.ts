import type { IntradaySample } from "@withings-kit/client";

/**
 * One change of an explicit intraday sample: the sample as it became at `at`, or `null`
 * when the time was deleted (which also hides a derived sample at that time).
 *
 * @example
 * ```ts
 * const v: SampleVersion = { at: 1767229200, sample: { steps: 40, deviceid: null, model: null, model_id: null } };
 * ```
 */
export interface SampleVersion {
  readonly at: number;
  readonly sample: IntradaySample | null;
}

/**
 * The intraday samples a user's data changes set explicitly (DataChange dataset
 * `intraday`), by epoch second, each with its history of versions so that an answer at any
 * `now` (and under detail lag) can tell which version had reached the cloud. They are merged
 * over the derived samples of the detail source: a version replaces the derived sample at
 * the same second, a deletion hides it.
 *
 * @example
 * ```ts
 * const samples = new ExplicitSamples();
 * samples.record(1767229200, 1767230000, Object.freeze({ steps: 40 }));
 * samples.timesIn(1767225600, 1767312000); // [1767229200]
 * ```
 */
export class ExplicitSamples {
  // Sorted, distinct.
  readonly #times: number[] = [];
  readonly #versions = new Map<number, SampleVersion[]>();

  /** The number of seconds that have explicit versions. */
  get size(): number {
    return this.#times.length;
  }

  /** The latest version at a second (the cloud's current state), if any. */
  latest(time: number): SampleVersion | undefined {
    return this.#versions.get(time)?.at(-1);
  }

  /** Every version at a second, oldest first. */
  versions(time: number): readonly SampleVersion[] {
    return this.#versions.get(time) ?? [];
  }

  /** Records a new version at a second. */
  record(time: number, at: number, sample: IntradaySample | null): void {
    const list = this.#versions.get(time);
    if (list !== undefined) {
      list.push({ at, sample });
      return;
    }
    this.#versions.set(time, [{ at, sample }]);
    this.#times.splice(lowerBound(this.#times, time), 0, time);
  }

  /** The seconds in [start, end] that have versions, in order. */
  timesIn(start: number, end: number): number[] {
    const out: number[] = [];
    for (let i = lowerBound(this.#times, start); i < this.#times.length; i++) {
      const time = this.#times[i]!;
      if (time > end) break;
      out.push(time);
    }
    return out;
  }
}

function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
