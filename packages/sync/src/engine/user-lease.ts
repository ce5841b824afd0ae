import type { Store } from "../store/store.js";
import { isHolderDeadHere, newHolder } from "./process-holder.js";
import { SyncBusyError } from "./sync-busy-error.js";

// Per store, the leases of this process whose run ended but whose release failed (the
// database was away): holder to user. No run holds them, yet to every other process their
// holder is alive and their lease running, so they would keep the user from everyone for a
// whole lease. The next take of this process on the store gives them back first, and takes
// its own over at once.
const abandoned = new WeakMap<Store, Map<string, string>>();

function abandonedOf(store: Store): Map<string, string> {
  let held = abandoned.get(store);
  if (held === undefined) {
    held = new Map();
    abandoned.set(store, held);
  }
  return held;
}

/**
 * The lease one run holds on one user while it syncs it (see `Store.lock`). The holder names
 * the host and the process, so that a run on the same machine can tell a holder that died
 * (killed, crashed) from one still at work and take the lease over at once; a holder
 * elsewhere is waited out until its lease expires. Renewal rides on the run's own activity:
 * every request and write renews a lease older than a third of its length.
 *
 * @example
 * ```ts
 * const lease = await UserLease.take(store, "42", { now, leaseSeconds: 300 });
 * try { await work(() => lease.renew(now())); } finally { await lease.release(); }
 * ```
 */
export class UserLease {
  readonly #store: Store;
  readonly #userId: string;
  readonly #holder: string;
  readonly #seconds: number;
  #renewedAt: number;

  private constructor(store: Store, userId: string, holder: string, seconds: number, at: number) {
    this.#store = store;
    this.#userId = userId;
    this.#holder = holder;
    this.#seconds = seconds;
    this.#renewedAt = at;
  }

  /**
   * Takes the lease, or throws {@link SyncBusyError} when another live run holds it.
   *
   * @throws {SyncBusyError} when the user is held by a run that is alive or not expired.
   */
  static async take(
    store: Store,
    userId: string,
    options: { readonly now: number; readonly leaseSeconds: number },
  ): Promise<UserLease> {
    const held = abandonedOf(store);
    for (const [stale, user] of [...held]) {
      try {
        await store.unlock(user, stale);
        held.delete(stale);
      } catch {
        // Still away: given back at a later take.
      }
    }
    const holder = newHolder();
    const lock = { now: options.now, leaseSeconds: options.leaseSeconds };
    let result = await store.lock(userId, holder, lock);
    if (!result.acquired && (isHolderDeadHere(result.holder) || held.has(result.holder))) {
      const stolen = result.holder;
      result = await store.lock(userId, holder, { ...lock, steal: stolen });
      if (result.acquired) held.delete(stolen);
    }
    if (!result.acquired) throw new SyncBusyError(userId, result.holder, result.since);
    return new UserLease(store, userId, holder, options.leaseSeconds, options.now);
  }

  /**
   * Renews the lease when a third of it has passed since the last renewal. Only a lease
   * this run still holds is renewed: one lost to another run while this one stalled past
   * its lease is never taken back, even after that run ended and left it free.
   */
  async renew(now: number): Promise<void> {
    if (now - this.#renewedAt < this.#seconds / 3) return;
    const result = await this.#store.lock(this.#userId, this.#holder, {
      now,
      leaseSeconds: this.#seconds,
      renewOnly: true,
    });
    // Lost to another run after this one stalled past its lease: stop before writing more,
    // as what this run read may be older than what that run stored.
    if (!result.acquired) {
      throw result.holder === ""
        ? new SyncBusyError(
            this.#userId,
            this.#holder,
            this.#renewedAt,
            `the lease of this run on user ${this.#userId} lapsed and another run synced the user meanwhile; this run stopped — run it again`,
          )
        : new SyncBusyError(this.#userId, result.holder, result.since);
    }
    this.#renewedAt = now;
  }

  /** Gives the lease back; when that fails, the next take of this process does (see above). */
  async release(): Promise<void> {
    try {
      await this.#store.unlock(this.#userId, this.#holder);
    } catch (error) {
      abandonedOf(this.#store).set(this.#holder, this.#userId);
      throw error;
    }
  }
}
