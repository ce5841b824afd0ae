// The public API of @withings-kit/sync. This file only re-exports. It loads no database
// driver: SQLite is on `@withings-kit/sync/sqlite`, PostgreSQL on `@withings-kit/sync/postgres`.

// Sync engine.
export type { ErrorClass } from "./engine/classify-error.js";
export { classifyError } from "./engine/classify-error.js";
export type { SyncEngine } from "./engine/create-sync-engine.js";
export { createSyncEngine } from "./engine/create-sync-engine.js";
export { DataVolumeTally } from "./engine/data-volume-tally.js";
export { tileAt, tilesOver } from "./engine/intraday-tiles.js";
export { isReconcileDue } from "./engine/is-reconcile-due.js";
export type { EpochWindow } from "./engine/local-day-window.js";
export { localDayWindow } from "./engine/local-day-window.js";
export type { DataVolume, ListAction } from "./engine/minimum-requests.js";
export { minimumRequests } from "./engine/minimum-requests.js";
export { isHolderDeadHere, newHolder } from "./engine/process-holder.js";
export type { ReadWindow } from "./engine/read-window.js";
export { readWindow } from "./engine/read-window.js";
export { RequestMeter } from "./engine/request-meter.js";
export type { SweepState, SweepStep } from "./engine/sweep-step.js";
export { SWEEP_FLOOR, sweepStep } from "./engine/sweep-step.js";
export { SyncBusyError } from "./engine/sync-busy-error.js";
export type { SyncEngineOptions } from "./engine/sync-engine-options.js";
export type { SyncPhase, SyncProgress } from "./engine/sync-progress.js";
export type {
  DatasetSyncReport,
  SyncErrorInfo,
  SyncReport,
  UserSyncReport,
} from "./engine/sync-report.js";
export type { SyncRunOptions } from "./engine/sync-run-options.js";
export { walkStart } from "./engine/walk-start.js";
export { DATASET_PARENTS, withParents } from "./engine/with-parents.js";
// Store, token stores and exports.
export { csvField } from "./export/csv-field.js";
export type { ExportFormat, ExportOptions, ExportResult } from "./export/export-rows.js";
export { exportRows } from "./export/export-rows.js";
export type {
  FhirExportOptions,
  FhirExportResult,
  FhirExportSkipped,
} from "./export/fhir/export-fhir.js";
export { exportFhir } from "./export/fhir/export-fhir.js";
export type { FhirComponentRule, FhirProfileRule } from "./export/fhir/fhir-profile-rules.js";
export { fhirProfileRules } from "./export/fhir/fhir-profile-rules.js";
export type {
  FhirCodeableConcept,
  FhirCoding,
  FhirDevice,
  FhirObservation,
  FhirPatient,
  FhirQuantity,
  FhirReference,
  FhirResource,
} from "./export/fhir/fhir-resources.js";
export { fhirSystems } from "./export/fhir/fhir-systems.js";
export type { ParquetExportOptions } from "./export/parquet/export-parquet.js";
export { exportParquet } from "./export/parquet/export-parquet.js";
export type { ParquetColumn, ParquetColumnType } from "./export/parquet/parquet-columns.js";
export { parquetColumns } from "./export/parquet/parquet-columns.js";
export type {
  ColumnKind,
  DatasetColumn,
  DatasetTable,
  TableDataset,
} from "./store/dataset-tables.js";
export { datasetTables, tableOf } from "./store/dataset-tables.js";
export type { MigrationResult } from "./store/migration-result.js";
export { recordKeyOf } from "./store/record-key-of.js";
export type {
  ApplyResult,
  DependentMark,
  DetailDataset,
  DetailUnit,
  LockOptions,
  LockResult,
  RowQuery,
  Store,
  StoreBatch,
  StoredRow,
  SyncMeta,
  SyncState,
} from "./store/store.js";
export type { StoreErrorCode } from "./store/store-error.js";
export { isStoreError, StoreError } from "./store/store-error.js";
export type { DatasetStatus, StoreReader, VitalName, VitalsGroup } from "./store/store-reader.js";
export type { SyncDataset } from "./sync-dataset.js";
export { rowDataset, SYNC_DATASETS } from "./sync-dataset.js";
export { FileTokenStore } from "./tokens/file-token-store.js";
