import type { JobRequest } from "../queue/job-queue.js";
import { appliPlan } from "./appli-datasets.js";
import type { Notification } from "./notification.js";
import type { NotificationOutcome } from "./notification-inbox.js";
import { parseNotification } from "./parse-notification.js";

const MAX_STORED_BODY = 2048;

/**
 * What one notification writes, in one transaction, whatever the database: the user's
 * notice, a revoke (the mark and the job's drop), the job, and the row of the inbox.
 */
export interface NotificationWrites {
  readonly outcome: NotificationOutcome;
  /** The user to record as notified, when the notification names a known one. */
  readonly notified: string | undefined;
  /** The user to mark revoked and whose job to drop. */
  readonly revoke: string | undefined;
  readonly job: JobRequest | undefined;
  /** The `service_notifications` row, in its columns' order (see {@link INSERT_NOTIFICATION}). */
  readonly row: readonly unknown[];
}

/** `$1 … $11`: the row of {@link NotificationWrites}. */
export const INSERT_NOTIFICATION =
  "INSERT INTO service_notifications (received_at, user_id, appli, startdate, enddate, date, deviceid, action, outcome, problems, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

/** Deletes the notifications received before `$1`. */
export const FORGET_NOTIFICATIONS = "DELETE FROM service_notifications WHERE received_at < $1";

// The earliest instant a notification names: its range, or its day (a UTC midnight, a day
// early for zones east of UTC), or none. Never later than now, whatever it says.
function hintFrom(n: Notification): number | null {
  const candidates: number[] = [];
  if (n.startdate !== undefined) candidates.push(n.startdate);
  if (n.enddate !== undefined) candidates.push(n.enddate);
  if (n.date !== undefined) {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(n.date)
      ? Date.parse(`${n.date}T00:00:00Z`) / 1000 - 86_400
      : Number(n.date);
    if (Number.isFinite(day)) candidates.push(day);
  }
  return candidates.length === 0 ? null : Math.min(...candidates);
}

/**
 * Decides what a raw form body received at `now` writes. A user is known when
 * `isKnownUser` says so (the token store holds their tokens).
 */
export async function planNotification(
  body: string,
  now: number,
  isKnownUser: (userId: string) => Promise<boolean>,
): Promise<NotificationWrites> {
  const parsed = parseNotification(body);
  const problems = parsed.problems;
  // PostgreSQL's text holds no NUL character: a hostile field with one would make the
  // notification unstorable there, and answered 503 for ever.
  const n: Notification = {
    ...parsed.notification,
    ...(parsed.notification.userid === undefined
      ? {}
      : { userid: withoutNul(parsed.notification.userid) }),
    ...(parsed.notification.deviceid === undefined
      ? {}
      : { deviceid: withoutNul(parsed.notification.deviceid) }),
    ...(parsed.notification.action === undefined
      ? {}
      : { action: withoutNul(parsed.notification.action) }),
  };
  const known = n.userid !== undefined && (await isKnownUser(n.userid));
  const plan = appliPlan(n.appli);
  let outcome: NotificationOutcome;
  let job: JobRequest | undefined;
  let revoke: string | undefined;
  if (n.userid === undefined || n.appli === undefined) outcome = "malformed";
  else if (!known) outcome = "unknown-user";
  else if (plan.kind === "unknown") outcome = "unknown-appli";
  else if (plan.kind === "profile" && (n.action === "unlink" || n.action === "delete")) {
    outcome = "revoked";
    revoke = n.userid;
  } else if (plan.kind === "sync") {
    // Even after a revoke: the user may have linked again since (an unlink can also
    // arrive late, Withings retries it), so the tokens decide. A notification retried
    // after an unlink, or a forged one, costs one refused refresh.
    outcome = "queued";
    job = {
      userId: n.userid,
      datasets: plan.datasets,
      priority: "notification",
      now,
      hintFrom: hintFrom(n),
    };
  } else outcome = "recorded";
  return {
    outcome,
    notified:
      outcome === "queued" || outcome === "recorded" || outcome === "revoked"
        ? n.userid
        : undefined,
    revoke,
    job,
    row: [
      now,
      n.userid ?? null,
      n.appli ?? null,
      n.startdate ?? null,
      n.enddate ?? null,
      n.date ?? null,
      n.deviceid ?? null,
      n.action ?? null,
      outcome,
      problems.length === 0 ? null : problems.join("; "),
      withoutNul(body.slice(0, MAX_STORED_BODY)),
    ],
  };
}

function withoutNul(text: string): string {
  return text.replaceAll("\u0000", "\uFFFD");
}
