import { describe, expect, it } from "vitest";
import { UserLease } from "../../src/engine/user-lease.js";
import { type Store, StoreError, SyncBusyError } from "../../src/index.js";
import { openSqliteStore } from "../../src/sqlite.js";

describe("UserLease", () => {
  it("never takes back a lease it lost while it stalled, even once the taker left it free", async () => {
    const store = openSqliteStore(":memory:");
    try {
      const lease = await UserLease.take(store, "42", { now: 1_000, leaseSeconds: 300 });
      // This run stalls past its lease; another run takes the user over, syncs and ends.
      expect(await store.lock("42", "other-run", { now: 1_400, leaseSeconds: 300 })).toEqual({
        acquired: true,
      });
      await store.unlock("42", "other-run");
      const error = await lease.renew(1_401).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SyncBusyError);
      expect((error as Error).message).toMatch(/lease of this run on user 42 lapsed/);
      // The user is free for the next run.
      expect(await store.lock("42", "next-run", { now: 1_402, leaseSeconds: 300 })).toEqual({
        acquired: true,
      });
    } finally {
      await store.close();
    }
  });

  it("renews a lease it still holds, expired or not, when nobody else came", async () => {
    const store = openSqliteStore(":memory:");
    try {
      const lease = await UserLease.take(store, "42", { now: 1_000, leaseSeconds: 300 });
      await lease.renew(1_200);
      // A long wait with no other run: the lease ran out but is still this run's.
      await lease.renew(2_000);
      expect(await store.lock("42", "other-run", { now: 2_100, leaseSeconds: 300 })).toMatchObject({
        acquired: false,
      });
      await lease.release();
    } finally {
      await store.close();
    }
  });

  it("gives back, at the next take, a lease whose release failed while the database was away", async () => {
    const store = openSqliteStore(":memory:");
    // The database goes away during the release, and comes back.
    let away = false;
    const unlock = async (userId: string, holder: string) => {
      if (away) throw new StoreError("STORE_IO", "connection refused");
      return store.unlock(userId, holder);
    };
    const flaky: Store = new Proxy(store, {
      get(target, name) {
        if (name === "unlock") return unlock;
        const value: unknown = Reflect.get(target, name, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    try {
      const first = await UserLease.take(flaky, "42", { now: 1_000, leaseSeconds: 300 });
      away = true;
      await expect(first.release()).rejects.toThrow(StoreError);
      away = false;
      // A run of another process finds the user held: this process's run ended, but the
      // lease is alive and its holder (this process) too.
      expect(await store.lock("42", "elsewhere", { now: 1_010, leaseSeconds: 300 })).toMatchObject({
        acquired: false,
      });
      // This process's next run, of any user, gives it back first.
      const next = await UserLease.take(flaky, "7", { now: 1_020, leaseSeconds: 300 });
      expect(await store.lock("42", "elsewhere", { now: 1_030, leaseSeconds: 300 })).toEqual({
        acquired: true,
      });
      await next.release();
      await store.unlock("42", "elsewhere");
      // And a run of this process takes over its own abandoned lease of the same user.
      const again = await UserLease.take(flaky, "42", { now: 1_040, leaseSeconds: 300 });
      away = true;
      await expect(again.release()).rejects.toThrow(StoreError);
      away = true;
      const unlocking = UserLease.take(flaky, "42", { now: 1_050, leaseSeconds: 300 });
      // Still away for the give-back: the take goes on and steals its own lease.
      const taken = await unlocking;
      away = false;
      expect(await store.lock("42", "elsewhere", { now: 1_060, leaseSeconds: 300 })).toMatchObject({
        acquired: false,
      });
      await taken.release();
      expect(await store.lock("42", "elsewhere", { now: 1_070, leaseSeconds: 300 })).toEqual({
        acquired: true,
      });
    } finally {
      await store.close();
    }
  });
});
