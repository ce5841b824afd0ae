import type { WithingsClient } from "@withings-kit/client";
import { type Store, SYNC_DATASETS, type SyncDataset } from "@withings-kit/sync";
import type { QueueStats } from "../queue/job-queue.js";
import type { ServiceDatabase } from "../store/service-database.js";

/**
 * One participant in the status document.
 *
 * @example
 * ```ts
 * const p: ParticipantStatus = { userId: "42", study: null, participantCode: null, link: "linked", lastNotificationAt: null, lastSyncAt: null, lastError: null, job: null, lastSyncByDataset: {}, rows: {}, latestVitals: null, daysSinceLastReading: null };
 * ```
 */
export interface ParticipantStatus {
  readonly userId: string;
  /** The study label and participant code the enrolment page stored, if it enrolled them. */
  readonly study: string | null;
  readonly participantCode: string | null;
  readonly link: string;
  readonly lastNotificationAt: number | null;
  readonly lastSyncAt: number | null;
  readonly lastError: string | null;
  readonly job: {
    readonly dueAt: number;
    readonly attempts: number;
    readonly running: boolean;
  } | null;
  /** Per dataset, when it last synced (epoch seconds). */
  readonly lastSyncByDataset: Partial<Record<SyncDataset, number | null>>;
  readonly rows: Partial<Record<SyncDataset, number>>;
  /** The latest measurement group of the `vitals` view, without ids. */
  readonly latestVitals: Record<string, unknown> | null;
  readonly daysSinceLastReading: number | null;
}

/**
 * The status document of {@link serviceStatus}: when it was made, the queue, the participants.
 *
 * @example
 * ```ts
 * const doc: ServiceStatus = await serviceStatus({ store, client, database, now: Date.now() / 1000 });
 * ```
 */
export interface ServiceStatus {
  readonly now: number;
  readonly queue: QueueStats;
  readonly participants: ParticipantStatus[];
}

/**
 * The coordinator's status document: the queue, and per participant their link, last
 * notification, last sync (per dataset too), pending job, rows, latest vitals and days
 * since their last reading. Built from the store and the service's tables only: it never
 * calls the API, and it holds no token.
 *
 * @example
 * ```ts
 * const doc = await serviceStatus({ store, client, database, now: Date.now() / 1000 });
 * doc.participants[0]?.daysSinceLastReading;
 * ```
 */
export async function serviceStatus(deps: {
  readonly store: Store;
  readonly client: WithingsClient;
  readonly database: ServiceDatabase;
  readonly now: number;
}): Promise<ServiceStatus> {
  const { store, database, now } = deps;
  const links = new Map((await database.users.list()).map((u) => [u.userId, u]));
  const jobs = new Map((await database.queue.jobs(now)).map((j) => [j.userId, j]));
  const participants: ParticipantStatus[] = [];
  for (const userId of await deps.client.users()) {
    const link = links.get(userId);
    const job = jobs.get(userId);
    const lastSyncByDataset: Partial<Record<SyncDataset, number | null>> = {};
    for (const dataset of SYNC_DATASETS) {
      lastSyncByDataset[dataset] = (await store.getState(userId, dataset))?.lastSyncAt ?? null;
    }
    const latest = await database.latestVitals(userId);
    participants.push({
      userId,
      study: link?.study ?? null,
      participantCode: link?.participantCode ?? null,
      link: link?.status ?? "linked",
      lastNotificationAt: link?.lastNotificationAt ?? null,
      lastSyncAt: link?.lastSyncAt ?? null,
      lastError: link?.lastError ?? null,
      job:
        job === undefined
          ? null
          : { dueAt: job.dueAt, attempts: job.attempts, running: job.running },
      lastSyncByDataset,
      rows: await store.counts(userId),
      latestVitals: latest ?? null,
      daysSinceLastReading:
        latest === undefined ? null : Math.floor((now - Number(latest["at"])) / 86_400),
    });
  }
  return { now, queue: await database.queue.stats(now), participants };
}
