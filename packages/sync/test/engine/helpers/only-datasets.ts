import type { SyncDataset } from "@withings-kit/sync";
import type { RowSource } from "./row-sets.js";

/**
 * The rows of `source` for `datasets` only, so that a test syncing some datasets can be
 * compared with the cloud's expectation of those alone (`expectedRows` yields objectives
 * along with measures, whatever dataset it is asked for).
 */
export function onlyDatasets(source: RowSource, ...datasets: SyncDataset[]): RowSource {
  return async (sink, only) => {
    for (const dataset of datasets) {
      if (only !== undefined && only !== dataset) continue;
      await source((d, row) => {
        if (d === dataset) sink(d, row);
      }, dataset);
    }
  };
}
