import type { SyncProgress } from "@withings-kit/sync";

const UNITS: Readonly<Record<string, string>> = {
  intraday: "days",
  sleep: "nights",
  ecg_signal: "signals",
};

/**
 * How far a dataset is, in words: `120/333 days` for the datasets fetched item by item,
 * `3 pages` for the lists.
 *
 * @example
 * ```ts
 * progressDetail({ userId: "1", dataset: "intraday", phase: "detail", pages: 12, rows: 3000, total: 30 }); // "12/30 days"
 * ```
 */
export function progressDetail(progress: SyncProgress): string {
  if (progress.phase === "start") return "starting";
  if (progress.total !== undefined) {
    return `${progress.pages}/${progress.total} ${UNITS[progress.dataset] ?? "items"}`;
  }
  return `${progress.pages} ${progress.pages === 1 ? "page" : "pages"}`;
}
