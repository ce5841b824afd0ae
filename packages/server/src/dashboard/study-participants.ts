import { type Store, SYNC_DATASETS, type SyncDataset } from "@withings-kit/sync";
import type { DatasetPoints } from "./dataset-points.js";
import { type LatestVital, latestVitals } from "./latest-vitals.js";
import { isOutOfRange, type VitalKey, type VitalRange } from "./vital-ranges.js";

/**
 * One row of the study view.
 *
 * @example
 * ```ts
 * const p: StudyParticipant = (await studyParticipants(store, cache, { now, ranges, recentDays: 30 }))[0]!;
 * ```
 */
export interface StudyParticipant {
  readonly userId: string;
  /** The last reading of each vital, with whether it is out of range. */
  readonly latest: readonly (LatestVital & { readonly outOfRange: boolean })[];
  /** Epoch seconds of the newest reading of any vital, `null` without one. */
  readonly lastReadingAt: number | null;
  /** Whole days from the newest reading to `now`, `null` without one. */
  readonly daysSinceLastReading: number | null;
  /** Readings of the last `recentDays` outside their range, newest first. */
  readonly outOfRange: readonly LatestVital[];
  /** Per dataset: rows stored and the last successful sync (epoch seconds). */
  readonly freshness: readonly {
    readonly dataset: SyncDataset;
    readonly rows: number;
    readonly lastSyncAt: number | null;
  }[];
}

/**
 * The study view's rows, one per user of the store, read only through its interface.
 *
 * @example
 * ```ts
 * const rows = await studyParticipants(store, cache, { now: Date.now() / 1000, ranges: DEFAULT_VITAL_RANGES, recentDays: 30 });
 * ```
 */
export async function studyParticipants(
  store: Store,
  cache: DatasetPoints,
  options: {
    readonly now: number;
    readonly ranges: Readonly<Partial<Record<VitalKey, VitalRange>>>;
    readonly recentDays: number;
  },
): Promise<StudyParticipant[]> {
  const out: StudyParticipant[] = [];
  for (const userId of (await store.users()).sort()) {
    const { latest, recent } = await latestVitals(
      store,
      cache,
      userId,
      options.now - options.recentDays * 86_400,
    );
    const lastReadingAt = latest.reduce<number | null>(
      (m, v) => (m === null || v.at > m ? v.at : m),
      null,
    );
    const counts = await store.counts(userId);
    const freshness = [];
    for (const dataset of SYNC_DATASETS) {
      const state = await store.getState(userId, dataset);
      freshness.push({
        dataset,
        rows: counts[dataset] ?? 0,
        lastSyncAt: state?.lastSyncAt ?? null,
      });
    }
    out.push({
      userId,
      latest: latest.map((v) => ({
        ...v,
        outOfRange: isOutOfRange(v.value, options.ranges[v.key]),
      })),
      lastReadingAt,
      daysSinceLastReading:
        lastReadingAt === null
          ? null
          : Math.max(0, Math.floor((options.now - lastReadingAt) / 86_400)),
      outOfRange: recent
        .filter((v) => v.at <= options.now && isOutOfRange(v.value, options.ranges[v.key]))
        .sort((a, b) => b.at - a.at),
      freshness,
    });
  }
  return out;
}
