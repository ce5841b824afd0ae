import { describe, expect, it } from "vitest";
import { UserLease } from "../../src/engine/user-lease.js";
import { openSqliteStore, SyncBusyError } from "../../src/index.js";

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
});
