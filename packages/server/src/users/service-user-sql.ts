import type { LinkStatus, ServiceUserRecord } from "./service-users.js";

// The statements of `service_users`, in the SQL that SQLite and PostgreSQL share, with
// `$n` parameters (SQLite reads `$1` as a numbered parameter too).

// A user who unlinked the app stays "revoked" when a run then finds their tokens dead (a
// notification Withings retried after the unlink): that is why they are dead.
const KEEP_REVOKED =
  "CASE WHEN excluded.status = 'token-dead' AND service_users.status = 'revoked' THEN 'revoked' ELSE excluded.status END";

/** `$1` user, `$2` status, `$3` now, `$4` the expiry of the user's tokens or NULL. */
export const MARK_USER = `INSERT INTO service_users (user_id, status, status_at, marked_token_expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET status = ${KEEP_REVOKED}, status_at = CASE WHEN ${KEEP_REVOKED} = service_users.status THEN service_users.status_at ELSE excluded.status_at END, marked_token_expires_at = excluded.marked_token_expires_at`;

/** `$1` user, `$2` now. */
export const LINK_USER =
  "INSERT INTO service_users (user_id, status, status_at) VALUES ($1, 'linked', $2) ON CONFLICT (user_id) DO UPDATE SET status = 'linked', status_at = excluded.status_at WHERE service_users.status <> 'linked'";

/** `$1` user, `$2` now. */
export const NOTIFIED_USER =
  "INSERT INTO service_users (user_id, status, status_at, last_notification_at) VALUES ($1, 'linked', $2, $2) ON CONFLICT (user_id) DO UPDATE SET last_notification_at = excluded.last_notification_at";

/** `$1` user, `$2` now, `$3` now when it succeeded or NULL, `$4` the error or NULL. */
export const SYNCED_USER =
  "INSERT INTO service_users (user_id, status, status_at, last_sync_at, last_error) VALUES ($1, 'linked', $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET last_sync_at = coalesce(excluded.last_sync_at, service_users.last_sync_at), last_error = excluded.last_error";

/** `$1` user, `$2` now, `$3` study, `$4` participant code. */
export const ENROL_USER =
  "INSERT INTO service_users (user_id, status, status_at, study, participant_code) VALUES ($1, 'linked', $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET status = 'linked', status_at = excluded.status_at, study = excluded.study, participant_code = excluded.participant_code";

/** Every user's record, in the columns {@link toUserRecord} reads. */
export const LIST_USERS =
  "SELECT user_id, status, last_notification_at, last_sync_at, last_error, study, participant_code FROM service_users";

/** A row of {@link LIST_USERS}. */
export interface UserRow {
  readonly user_id: string;
  readonly status: string;
  readonly last_notification_at: number | null;
  readonly last_sync_at: number | null;
  readonly last_error: string | null;
  readonly study: string | null;
  readonly participant_code: string | null;
}

export function toUserRecord(r: UserRow): ServiceUserRecord {
  return {
    userId: r.user_id,
    status: r.status as LinkStatus,
    lastNotificationAt: r.last_notification_at,
    lastSyncAt: r.last_sync_at,
    lastError: r.last_error,
    study: r.study,
    participantCode: r.participant_code,
  };
}
