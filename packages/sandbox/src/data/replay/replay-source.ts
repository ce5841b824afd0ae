import type { HeartSignalBody, IntradaySample, SleepSegment } from "@withings-kit/client";
import { hashSeed } from "../random/hash-seed.js";
import { SeededRandom } from "../random/seeded-random.js";
import type { DetailSource } from "../records/detail-source.js";
import type { TableEntry } from "../records/record-table.js";
import type { StoredDevice, StoredEcg } from "../records/stored-records.js";
import type { UserRecords } from "../records/user-records.js";
import { ecgSignal } from "../synthetic/ecg-signal.js";

/**
 * What a replayed user was recorded with beyond the daily records.
 *
 * @example
 * ```ts
 * const detail: RecordedDetail = { intraday: [], segments: [], signals: new Map(), sleepModel: 32, seed: 1 };
 * ```
 */
export interface RecordedDetail {
  /** Intraday samples in time order. */
  readonly intraday: readonly [number, IntradaySample][];
  /** Sleep segments in `startdate` order. */
  readonly segments: readonly SleepSegment[];
  /** Recorded ECG signals by `signalid`. */
  readonly signals: ReadonlyMap<number, HeartSignalBody>;
  readonly sleepModel: number | undefined;
  /** Seeds the signals of recordings that came without one. */
  readonly seed: number;
}

/**
 * The {@link DetailSource} of a replayed user: everything is served as recorded. Intraday
 * samples and sleep segments are visible once their own time is reached. A heart-list
 * recording without a recorded signal gets a generated one (seeded by its `signalid`), so
 * every recording has a signal, as on the real cloud.
 *
 * @example
 * ```ts
 * const source = new ReplaySource(detail);
 * ```
 */
export class ReplaySource implements DetailSource {
  readonly sleepModel: number | undefined;
  readonly #detail: RecordedDetail;

  constructor(detail: RecordedDetail) {
    this.#detail = detail;
    this.sleepModel = detail.sleepModel;
  }

  intraday(
    _store: UserRecords,
    start: number,
    end: number,
    now: number,
  ): [number, IntradaySample][] {
    const list = this.#detail.intraday;
    const out: [number, IntradaySample][] = [];
    for (let i = lowerBound(list, start, (s) => s[0]); i < list.length; i++) {
      const sample = list[i]!;
      if (sample[0] > end) break;
      if (sample[0] <= now) out.push(sample);
    }
    return out;
  }

  sleepSegments(
    _store: UserRecords,
    start: number,
    end: number,
    now: number,
    _fields: ReadonlySet<string>,
  ): SleepSegment[] {
    const list = this.#detail.segments;
    const out: SleepSegment[] = [];
    for (let i = lowerBound(list, start, (s) => s.startdate); i < list.length; i++) {
      const segment = list[i]!;
      if (segment.startdate > end) break;
      if (segment.startdate <= now) out.push(segment);
    }
    return out;
  }

  signal(_store: UserRecords, entry: TableEntry<StoredEcg>): HeartSignalBody {
    const rec = entry.rec;
    const recorded = this.#detail.signals.get(rec.ecg.signalid);
    if (recorded !== undefined) return recorded;
    const rng = new SeededRandom(hashSeed(this.#detail.seed, "ecg", rec.ecg.signalid));
    return ecgSignal(rng, {
      model: rec.model ?? 93,
      heartRate: rec.heart_rate ?? 70,
      afib: rec.ecg.afib ?? 0,
    });
  }

  device(_store: UserRecords, entry: TableEntry<StoredDevice>): StoredDevice {
    return entry.rec;
  }
}

function lowerBound<T>(list: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(list[mid]!) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
