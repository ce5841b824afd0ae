/**
 * An enrolment on its way through Withings' consent, kept under its OAuth state.
 *
 * @example
 * ```ts
 * const p: PendingEnrolment = { study: "BP-2027", participantCode: "P-0042", createdAt: 1_700_000_000 };
 * ```
 */
export interface PendingEnrolment {
  readonly study: string;
  readonly participantCode: string;
  /** Epoch seconds. */
  readonly createdAt: number;
}

/**
 * The single-use OAuth states of the enrolment page (`service_enrolments`).
 *
 * @example
 * ```ts
 * await states.begin("s3cr3t", { study: "BP-2027", participantCode: "P-0042", createdAt: now }, now - 900);
 * const pending = await states.take("s3cr3t");
 * ```
 */
export interface EnrolmentStates {
  /** Keeps a new state, forgetting those created before `expiredBefore`. */
  begin(state: string, pending: PendingEnrolment, expiredBefore: number): Promise<void>;
  /** Takes a state once: the second take of the same state finds nothing. */
  take(state: string): Promise<PendingEnrolment | undefined>;
}

/** `$1` state, `$2` study, `$3` participant code, `$4` created at. */
export const INSERT_ENROLMENT =
  "INSERT INTO service_enrolments (state, study, participant_code, created_at) VALUES ($1, $2, $3, $4)";
/** `$1` the oldest creation time kept. */
export const EXPIRE_ENROLMENTS = "DELETE FROM service_enrolments WHERE created_at < $1";
/** `$1` state. */
export const TAKE_ENROLMENT =
  "DELETE FROM service_enrolments WHERE state = $1 RETURNING study, participant_code, created_at";

/** A row of {@link TAKE_ENROLMENT} as a pending enrolment. */
export function toPending(row: {
  study: string;
  participant_code: string;
  created_at: number;
}): PendingEnrolment {
  return { study: row.study, participantCode: row.participant_code, createdAt: row.created_at };
}
