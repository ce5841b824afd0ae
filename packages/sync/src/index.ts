// The public API of @withings-kit/sync. This file only re-exports. It loads no database
// driver: SQLite is on `@withings-kit/sync/sqlite`, PostgreSQL on `@withings-kit/sync/postgres`.
// What the kit's sibling packages need beyond it is on `@withings-kit/sync/internal`, what
// its tests and benchmarks need on `@withings-kit/sync/testing`; neither is for applications.

// Sync engine.
export type { SyncEngine } from "./engine/create-sync-engine.js";
export { createSyncEngine } from "./engine/create-sync-engine.js";
export { RequestMeter } from "./engine/request-meter.js";
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
// Store, token stores and exports.
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
