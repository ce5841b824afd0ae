// @withings-kit/sync/testing: what the kit's tests and benchmarks reach inside the sync
// engine, the store and the exports: the engine's planning steps (windows, tiles, sweeps,
// request counts, error classes), the store's table specs and the CSV field quoting. Not
// for applications: it may change in any release, minor or patch. This file only
// re-exports.

// Sync engine.
export type { ErrorClass } from "./engine/classify-error.js";
export { classifyError } from "./engine/classify-error.js";
export { DataVolumeTally } from "./engine/data-volume-tally.js";
export { tileAt, tilesOver } from "./engine/intraday-tiles.js";
export { isReconcileDue } from "./engine/is-reconcile-due.js";
export type { EpochWindow } from "./engine/local-day-window.js";
export { localDayWindow } from "./engine/local-day-window.js";
export type { DataVolume, ListAction } from "./engine/minimum-requests.js";
export { minimumRequests } from "./engine/minimum-requests.js";
export type { ReadWindow } from "./engine/read-window.js";
export { readWindow } from "./engine/read-window.js";
export type { SweepState, SweepStep } from "./engine/sweep-step.js";
export { SWEEP_FLOOR, sweepStep } from "./engine/sweep-step.js";
export { walkStart } from "./engine/walk-start.js";
// Store and exports.
export { csvField } from "./export/csv-field.js";
export type {
  ColumnKind,
  DatasetColumn,
  DatasetTable,
  TableDataset,
} from "./store/dataset-tables.js";
export { datasetTables, tableOf } from "./store/dataset-tables.js";
