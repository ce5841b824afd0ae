import type { SyncDataset, SyncReport } from "@withings-kit/sync";
import { formatTable } from "./format-table.js";

/**
 * The table printed at the end of a sync: per dataset (summed over users), rows added,
 * changed and deleted, requests sent and errors, then the totals.
 *
 * @example
 * ```ts
 * io.stdout.write(`${syncSummary(report, SYNC_DATASETS)}\n`);
 * ```
 */
export function syncSummary(report: SyncReport, datasets: readonly SyncDataset[]): string {
  const sums = new Map<SyncDataset, [number, number, number, number, number]>();
  for (const dataset of datasets) sums.set(dataset, [0, 0, 0, 0, 0]);
  for (const user of report.users) {
    for (const d of user.datasets) {
      const s = sums.get(d.dataset) ?? [0, 0, 0, 0, 0];
      s[0] += d.added;
      s[1] += d.changed;
      s[2] += d.deleted;
      s[3] += d.requests;
      s[4] += d.error === undefined ? 0 : 1;
      sums.set(d.dataset, s);
    }
  }
  const rows: (string | number)[][] = [...sums].map(([dataset, s]) => [dataset, ...s]);
  const { totals } = report;
  rows.push([
    "total",
    totals.added,
    totals.changed,
    totals.deleted,
    totals.requests,
    totals.errors,
  ]);
  const users = totals.users === 1 ? "1 user" : `${totals.users} users`;
  const seconds = (report.durationMs / 1000).toFixed(1);
  return (
    `${formatTable(["dataset", "added", "changed", "deleted", "requests", "errors"], rows)}\n` +
    `${users} synced in ${seconds} s${totals.failedUsers > 0 ? `, ${totals.failedUsers} failed` : ""}`
  );
}
