import type { WithingsClient } from "@withings-kit/client";
import { type SqliteStore, SYNC_DATASETS, type SyncDataset } from "@withings-kit/sync";
import type { JobQueue, QueueStats } from "../queue/job-queue.js";

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
 * const doc: ServiceStatus = await serviceStatus({ store, client, queue, now: Date.now() / 1000 });
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
 * const doc = await serviceStatus({ store, client, queue, now: Date.now() / 1000 });
 * doc.participants[0]?.daysSinceLastReading;
 * ```
 */
export async function serviceStatus(deps: {
  readonly store: SqliteStore;
  readonly client: WithingsClient;
  readonly queue: JobQueue;
  readonly now: number;
}): Promise<ServiceStatus> {
  const { store, now } = deps;
  const db = store.database;
  const links = new Map(
    (
      db.prepare("SELECT * FROM service_users").all() as {
        user_id: string;
        status: string;
        last_notification_at: number | null;
        last_sync_at: number | null;
        last_error: string | null;
        study: string | null;
        participant_code: string | null;
      }[]
    ).map((r) => [r.user_id, r]),
  );
  const jobs = new Map(
    (
      db
        .prepare("SELECT user_id, due_at, attempts, holder, lease_until FROM service_jobs")
        .all() as {
        user_id: string;
        due_at: number;
        attempts: number;
        holder: string | null;
        lease_until: number | null;
      }[]
    ).map((r) => [r.user_id, r]),
  );
  const participants: ParticipantStatus[] = [];
  for (const userId of await deps.client.users()) {
    const link = links.get(userId);
    const job = jobs.get(userId);
    const lastSyncByDataset: Partial<Record<SyncDataset, number | null>> = {};
    for (const dataset of SYNC_DATASETS) {
      lastSyncByDataset[dataset] = (await store.getState(userId, dataset))?.lastSyncAt ?? null;
    }
    const latest = await store.kysely
      .selectFrom("vitals")
      .selectAll()
      .where("user_id", "=", userId)
      .orderBy("at", "desc")
      .limit(1)
      .executeTakeFirst();
    let latestVitals: Record<string, unknown> | null = null;
    if (latest !== undefined) {
      latestVitals = {};
      for (const [key, value] of Object.entries(latest)) {
        if (key !== "user_id" && key !== "grpid" && value !== null) latestVitals[key] = value;
      }
    }
    participants.push({
      userId,
      study: link?.study ?? null,
      participantCode: link?.participant_code ?? null,
      link: link?.status ?? "linked",
      lastNotificationAt: link?.last_notification_at ?? null,
      lastSyncAt: link?.last_sync_at ?? null,
      lastError: link?.last_error ?? null,
      job:
        job === undefined
          ? null
          : {
              dueAt: job.due_at,
              attempts: job.attempts,
              running: job.holder !== null && (job.lease_until ?? 0) > now,
            },
      lastSyncByDataset,
      rows: await store.counts(userId),
      latestVitals,
      daysSinceLastReading:
        latest === undefined ? null : Math.floor((now - Number(latest.at)) / 86_400),
    });
  }
  return { now, queue: await deps.queue.stats(now), participants };
}
