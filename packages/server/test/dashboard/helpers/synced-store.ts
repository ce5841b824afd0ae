// A store synced from the sandbox, as a user of the dashboard would have it: vitals-study
// participants on a virtual clock (so their data and "now" are the same at every run), and a
// participant with an "empty" profile whose readings the test writes itself.
import { createWithingsClient, TokenBucket } from "@withings-kit/client";
import { createSandbox, type DataChange, type Sandbox } from "@withings-kit/sandbox";
import { createSyncEngine, type Store, type SyncDataset } from "@withings-kit/sync";
import { openSqliteStore } from "@withings-kit/sync/sqlite";

/** The sandbox's start: every test sees the same history. */
export const START = Date.UTC(2026, 0, 14, 12, 0, 0) / 1000;

export interface SyncedStore {
  readonly store: Store;
  readonly sandbox: Sandbox;
  /** The sandbox's now, epoch seconds. */
  readonly now: number;
  /** User ids, in the order of `users`. */
  readonly userIds: readonly string[];
  close(): Promise<void>;
}

export interface UserPlan {
  readonly profile: "vitals-study" | "scale-only" | "empty";
  readonly years: number;
  readonly timezone?: string;
  /** Records added (at the sandbox's now) before the sync. */
  readonly changes?: readonly DataChange[];
}

/** Creates the users, syncs them all into a fresh store (a file when `path` is given). */
export async function syncedStore(
  users: readonly UserPlan[],
  options: {
    readonly seed?: number;
    readonly path?: string;
    readonly datasets?: readonly SyncDataset[];
  } = {},
): Promise<SyncedStore> {
  const limit = 1_000_000;
  const sandbox = createSandbox({
    seed: options.seed ?? 11,
    clock: "virtual",
    startTime: START,
    rateLimit: { limit, windowSeconds: 60 },
  });
  const client = createWithingsClient({
    clientId: sandbox.defaultApp.clientId,
    clientSecret: sandbox.defaultApp.clientSecret,
    fetch: (request) => sandbox.fetch(request),
    clock: sandbox.clock,
    rateLimiter: new TokenBucket({ clock: sandbox.clock, limit, windowMs: 60_000 }),
  });
  const store = openSqliteStore(options.path ?? ":memory:");
  const userIds: string[] = [];
  for (const plan of users) {
    const tokens = sandbox.createUser({
      profile: plan.profile,
      years: plan.years,
      timezone: plan.timezone ?? "Europe/Paris",
    });
    await client.saveTokens(tokens);
    userIds.push(tokens.userid);
    for (const change of plan.changes ?? [])
      await sandbox.editData({ userid: tokens.userid, change });
  }
  const engine = createSyncEngine({
    client,
    store,
    clock: sandbox.clock,
    ...(options.datasets === undefined ? {} : { datasets: [...options.datasets] }),
  });
  const report = await engine.run();
  if (!report.ok) throw new Error(`sync failed: ${JSON.stringify(report.users).slice(0, 800)}`);
  return {
    store,
    sandbox,
    now: sandbox.clock.now() / 1000,
    userIds,
    async close() {
      await store.close();
      sandbox.close();
    },
  };
}
