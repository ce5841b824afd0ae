import { createWithingsClient, MemoryTokenStore } from "@withings-kit/client";
import { afterAll, describe, expect, it } from "vitest";
import { createWorld } from "./helpers/setup.js";

describe("sync engine with many users", () => {
  const world = createWorld({ seed: 3, engine: { concurrency: 2 } });
  afterAll(() => world.close());

  it("reports a revoked user and a dead refresh token, and completes the others", async () => {
    const { sandbox, client } = world;
    const good = [
      sandbox.createUser({ profile: "scale-only", years: 1 }),
      sandbox.createUser({ profile: "vitals-study", years: 0.2 }),
      sandbox.createUser({ profile: "empty", years: 0 }),
    ];
    const revoked = sandbox.createUser({ profile: "scale-only", years: 1 });
    const dead = sandbox.createUser({ profile: "scale-only", years: 1 });
    for (const t of [...good, revoked]) await client.saveTokens(t);
    // The app revokes one user elsewhere (another process, the dashboard): the engine's
    // client still holds tokens the cloud no longer accepts.
    const elsewhere = createWithingsClient({
      clientId: sandbox.defaultApp.clientId,
      clientSecret: sandbox.defaultApp.clientSecret,
      fetch: (r) => sandbox.fetch(r),
      clock: sandbox.clock,
      tokenStore: new MemoryTokenStore(),
    });
    await elsewhere.saveTokens(revoked);
    await elsewhere.revoke(revoked.userid);
    // Another user's refresh token is dead and the access token is expired.
    await client.saveTokens({
      ...dead,
      access_token: "0".repeat(40),
      refresh_token: "f".repeat(40),
      expires_in: 1,
    });
    sandbox.clock.advance(60);

    const report = await world.engine.run({
      users: [...good.map((t) => t.userid), revoked.userid, dead.userid, "31234567"],
    });
    const byUser = new Map(report.users.map((u) => [u.userId, u]));
    for (const t of good) {
      const u = byUser.get(t.userid)!;
      expect(u.error, t.userid).toBeUndefined();
      expect(u.datasets.every((d) => d.error === undefined)).toBe(true);
      expect(u.datasets.map((d) => d.dataset)).toHaveLength(11);
    }
    expect(byUser.get(good[0]!.userid)!.added).toBeGreaterThan(1000);
    for (const id of [revoked.userid, dead.userid, "31234567"]) {
      const u = byUser.get(id)!;
      expect(u.needsReauthorization, id).toBe(true);
      expect(u.error?.code, id).toBe("WITHINGS_AUTH");
      // Stopped at the first dataset: nothing more was attempted for this user.
      expect(u.datasets, id).toHaveLength(1);
    }
    expect(report.ok).toBe(false);
    expect(report.totals).toMatchObject({ users: 6, failedUsers: 3, errors: 3 });
    // No secret in a report.
    const text = JSON.stringify(report);
    for (const t of [...good, revoked, dead]) {
      expect(text).not.toContain(t.access_token);
      expect(text).not.toContain(t.refresh_token);
    }
    expect(text).not.toContain("f".repeat(40));
    expect(sandbox.stats().tooManyRequests.total).toBe(0);
  }, 120_000);

  it("stores each user's rows under that user only", async () => {
    const ids = await world.store.users();
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const [a, b] = ids;
    const ca = await world.store.counts(a);
    const cb = await world.store.counts(b);
    expect(ca).not.toEqual(cb);
  });
});
