/**
 * Another run holds the user: two syncs of one user and database at once could delete what
 * the other just stored, so the second is refused at once. The message says who holds the
 * user (a host and process id, never a secret) and since when.
 *
 * @example
 * ```ts
 * const error = new SyncBusyError("42", "laptop:4242:…", 1_767_225_600);
 * error.code; // "SYNC_BUSY"
 * ```
 */
export class SyncBusyError extends Error {
  readonly code = "SYNC_BUSY";
  readonly userId: string;
  readonly holder: string;
  /** Epoch seconds. */
  readonly since: number;

  constructor(userId: string, holder: string, since: number, message?: string) {
    const [host, pid] = holder.split(":");
    super(
      message ??
        `user ${userId} is being synced by another run (process ${pid ?? "?"} on ${host ?? "?"}, since ${new Date(since * 1000).toISOString()}); this run left it alone — try again when that one ends`,
    );
    this.name = "SyncBusyError";
    this.userId = userId;
    this.holder = holder;
    this.since = since;
  }
}
