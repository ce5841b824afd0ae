import type BetterSqlite3 from "better-sqlite3";
import { type PortableStatement, prepareOnSqlite } from "../store/portable-statement.js";
import {
  ENROL_USER,
  LINK_USER,
  LIST_USERS,
  MARK_USER,
  NOTIFIED_USER,
  SYNCED_USER,
  toUserRecord,
  type UserRow,
} from "./service-user-sql.js";
import type { LinkStatus, ServiceUserRecord, ServiceUsers } from "./service-users.js";

/**
 * {@link ServiceUsers} in the store's SQLite file. The `…Now` methods are the same writes
 * as plain statements, for a caller inside a transaction on this database (the inbox).
 *
 * @example
 * ```ts
 * const users = new SqliteServiceUsers(sqliteHandle(store).database);
 * const active = await users.active(await client.users());
 * ```
 */
export class SqliteServiceUsers implements ServiceUsers {
  readonly #mark: PortableStatement;
  readonly #link: PortableStatement;
  readonly #notified: PortableStatement;
  readonly #synced: PortableStatement;
  readonly #enrol: PortableStatement;
  readonly #list: PortableStatement;
  readonly #expiry: PortableStatement | undefined;
  readonly #inactive: PortableStatement;

  constructor(db: BetterSqlite3.Database) {
    const tokensKept =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tokens'").get() !==
      undefined;
    this.#expiry = tokensKept
      ? prepareOnSqlite(db, "SELECT expires_at FROM tokens WHERE user_id = $1")
      : undefined;
    this.#mark = prepareOnSqlite(db, MARK_USER);
    this.#link = prepareOnSqlite(db, LINK_USER);
    this.#notified = prepareOnSqlite(db, NOTIFIED_USER);
    this.#synced = prepareOnSqlite(db, SYNCED_USER);
    this.#enrol = prepareOnSqlite(db, ENROL_USER);
    this.#list = prepareOnSqlite(db, LIST_USERS);
    const expiry = tokensKept
      ? "(SELECT expires_at FROM tokens WHERE tokens.user_id = service_users.user_id)"
      : "NULL";
    this.#inactive = prepareOnSqlite(
      db,
      `SELECT user_id FROM service_users WHERE status <> 'linked' AND ${expiry} IS marked_token_expires_at`,
    );
  }

  markNow(userId: string, status: Exclude<LinkStatus, "linked">, now: number): void {
    const expiry = this.#expiry?.get<{ expires_at: number }>(userId)?.expires_at ?? null;
    this.#mark.run(userId, status, now, expiry);
  }

  notifiedNow(userId: string, now: number): void {
    this.#notified.run(userId, now);
  }

  async mark(userId: string, status: Exclude<LinkStatus, "linked">, now: number): Promise<void> {
    this.markNow(userId, status, now);
  }

  async link(userId: string, now: number): Promise<void> {
    this.#link.run(userId, now);
  }

  async notified(userId: string, now: number): Promise<void> {
    this.notifiedNow(userId, now);
  }

  async synced(userId: string, now: number, error: string | null): Promise<void> {
    this.#synced.run(userId, now, error === null ? now : null, error);
  }

  async enrol(userId: string, study: string, participantCode: string, now: number): Promise<void> {
    this.#enrol.run(userId, now, study, participantCode);
  }

  async active(userIds: readonly string[]): Promise<string[]> {
    const inactive = new Set(this.#inactive.all<{ user_id: string }>().map((r) => r.user_id));
    return userIds.filter((id) => !inactive.has(id));
  }

  async list(): Promise<ServiceUserRecord[]> {
    return this.#list.all<UserRow>().map(toUserRecord);
  }
}
