import { toRows } from "@withings-kit/client";
import { recordKeyOf } from "../store/record-key-of.js";
import type { StoredRow } from "../store/store.js";
import type { UserSync } from "./user-sync.js";

/**
 * Syncs a dataset that the API answers whole, without dates or paging (devices, goals):
 * one call, then one `apply` that upserts what came back and deletes what is stored but no
 * longer there (an unlinked device, a goal cleared: `"goals": []`, quirk Q12).
 *
 * @example
 * ```ts
 * sync.begin("devices");
 * await syncSnapshot(sync, "devices");
 * ```
 */
export async function syncSnapshot(sync: UserSync, dataset: "devices" | "goals"): Promise<void> {
  const startedAt = sync.nowSeconds();
  const rows: StoredRow[] =
    dataset === "devices"
      ? toRows("devices", await sync.call((options) => sync.user.getDevice(options)))
      : toRows("goals", await sync.call((options) => sync.user.getGoals(options)));
  const fresh = new Set<string>();
  for (const row of rows) {
    const key = recordKeyOf(dataset, row);
    if (key !== undefined) fresh.add(key);
  }
  const gone = new Set<string>();
  for await (const row of sync.store.rows({ dataset, userId: sync.userId })) {
    const key = recordKeyOf(dataset, row);
    if (key !== undefined && !fresh.has(key)) gone.add(key);
  }
  await sync.apply(
    {
      upsert: rows,
      ...(gone.size > 0 ? { delete: [...gone] } : {}),
      state: { lastSyncAt: startedAt },
    },
    "page",
  );
}
