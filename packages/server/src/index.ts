// The public API of @withings-kit/server. This file only re-exports.

export type { AdminOptions } from "./admin/admin-router.js";
export { adminRouter } from "./admin/admin-router.js";
export type { Service, ServiceOptions, ServiceRole } from "./create-service.js";
export { createService } from "./create-service.js";
export type { DashboardOptions } from "./dashboard/dashboard-router.js";
export { dashboardRouter } from "./dashboard/dashboard-router.js";
export type { RunningDashboard, StartDashboardOptions } from "./dashboard/start-dashboard.js";
export { startDashboard } from "./dashboard/start-dashboard.js";
export type { DiagnoseOptions, Finding } from "./doctor/diagnose.js";
export { diagnose } from "./doctor/diagnose.js";
export type { EnrolmentOptions } from "./enrol/enrolment-router.js";
export { enrolmentRouter } from "./enrol/enrolment-router.js";
export type { EnrolmentStates, PendingEnrolment } from "./enrol/enrolment-states.js";
export type { HealthOptions } from "./health/health-router.js";
export { healthRouter } from "./health/health-router.js";
export { ServiceMetrics } from "./metrics/service-metrics.js";
export type { AppliPlan } from "./notifications/appli-datasets.js";
export { appliPlan, SUBSCRIBED_APPLIS } from "./notifications/appli-datasets.js";
export type { Notification } from "./notifications/notification.js";
export type {
  NotificationInbox,
  NotificationOutcome,
} from "./notifications/notification-inbox.js";
export type { ParsedNotification } from "./notifications/parse-notification.js";
export { parseNotification } from "./notifications/parse-notification.js";
export { SqliteNotificationInbox } from "./notifications/sqlite-notification-inbox.js";
export type {
  JobPriority,
  JobQueue,
  JobRequest,
  OwedReread,
  QueuedJob,
  QueueStats,
  SyncJob,
} from "./queue/job-queue.js";
export { SqliteJobQueue } from "./queue/sqlite-job-queue.js";
export type { CatchUpOptions } from "./schedule/catch-up-scheduler.js";
export { CatchUpScheduler } from "./schedule/catch-up-scheduler.js";
export type { ServiceLogger } from "./service-logger.js";
export type { RunningService, StartServiceOptions } from "./start-service.js";
export { startService } from "./start-service.js";
export type { ParticipantStatus, ServiceStatus } from "./status/service-status.js";
export { serviceStatus } from "./status/service-status.js";
export { statusPage } from "./status/status-page.js";
export { openServiceDatabase } from "./store/open-service-database.js";
export type { ServiceDatabase } from "./store/service-database.js";
export { SERVICE_MIGRATIONS } from "./store/service-migrations.js";
export { sqliteServiceDatabase } from "./store/sqlite-service-database.js";
export type {
  SubscriptionKeeperOptions,
  UpkeepReport,
} from "./subscriptions/subscription-keeper.js";
export { SubscriptionKeeper } from "./subscriptions/subscription-keeper.js";
export type { LinkStatus, ServiceUserRecord, ServiceUsers } from "./users/service-users.js";
export { SqliteServiceUsers } from "./users/sqlite-service-users.js";
export { rangesInText, SourceAllowList } from "./webhook/source-allow-list.js";
export type { WebhookRouterOptions } from "./webhook/webhook-router.js";
export { webhookRouter } from "./webhook/webhook-router.js";
export type { WithingsSourcesOptions } from "./webhook/withings-sources.js";
export {
  loadWithingsSources,
  SourceListError,
  WITHINGS_SOURCE_RECORDS,
} from "./webhook/withings-sources.js";
export type { SyncJobEvent, SyncWorkerOptions } from "./worker/sync-worker.js";
export { SyncWorker } from "./worker/sync-worker.js";
