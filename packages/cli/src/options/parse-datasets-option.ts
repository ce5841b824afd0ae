import { SYNC_DATASETS, type SyncDataset } from "@withings-kit/sync";
import { InvalidArgumentError } from "commander";

/**
 * A commander parser for `--datasets a,b` (repeatable): known sync datasets only.
 *
 * @example
 * ```ts
 * command.option("--datasets <list>", "datasets to sync", parseDatasetsOption);
 * ```
 */
export function parseDatasetsOption(
  value: string,
  previous: readonly SyncDataset[] = [],
): SyncDataset[] {
  const out = [...previous];
  for (const item of value.split(",")) {
    const name = item.trim();
    if (name === "") continue;
    if (!(SYNC_DATASETS as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(
        `unknown dataset "${name}"; expected ${SYNC_DATASETS.join(", ")}`,
      );
    }
    if (!out.includes(name as SyncDataset)) out.push(name as SyncDataset);
  }
  return out;
}
