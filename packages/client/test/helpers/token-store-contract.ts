import { describe, expect, it } from "vitest";
import type { TokenSet } from "../../src/auth/token-set.js";
import type { TokenStore } from "../../src/auth/token-store.js";
import { createWithingsClient } from "../../src/withings-client.js";
import { envelope, FakeApi, tokenAnswer } from "./fake-api.js";
import { TestClock } from "./test-clock.js";

/** How a contract run gets stores: `open` may be called again to reopen the same storage. */
export interface TokenStoreFactory {
  /** A store over fresh, empty storage. */
  create(): Promise<{
    store: TokenStore;
    reopen: () => Promise<TokenStore>;
    cleanup?: () => Promise<void>;
  }>;
}

const sample = (userId: string, access: string): TokenSet => ({
  userId,
  accessToken: access,
  refreshToken: `refresh-of-${access}`,
  expiresAt: 1_704_412_800_000,
  scope: ["user.metrics", "user.activity"],
  tokenType: "Bearer",
});

/**
 * The contract every TokenStore must pass: round trips, isolation between users, deletion,
 * listing, and — what matters most — a rotated pair that is durable (visible after a
 * reopen) before the client first uses the new access token.
 */
export function describeTokenStoreContract(name: string, factory: TokenStoreFactory): void {
  describe(`TokenStore contract: ${name}`, () => {
    it("round-trips a token set exactly, per user", async () => {
      const { store, reopen, cleanup } = await factory.create();
      try {
        await store.set("1", sample("1", "a"));
        await store.set("2", sample("2", "b"));
        expect(await store.get("1")).toEqual(sample("1", "a"));
        expect(await store.get("3")).toBeUndefined();
        expect((await store.list()).sort()).toEqual(["1", "2"]);
        const again = await reopen();
        expect(await again.get("2")).toEqual(sample("2", "b"));
      } finally {
        await cleanup?.();
      }
    });

    it("replaces and deletes", async () => {
      const { store, reopen, cleanup } = await factory.create();
      try {
        await store.set("1", sample("1", "a"));
        await store.set("1", sample("1", "c"));
        expect((await store.get("1"))?.accessToken).toBe("c");
        await store.delete("1");
        await store.delete("never-there");
        expect(await store.get("1")).toBeUndefined();
        expect(await (await reopen()).list()).toEqual([]);
      } finally {
        await cleanup?.();
      }
    });

    it("holds the rotated pair durably before the new access token is first used", async () => {
      const { store, reopen, cleanup } = await factory.create();
      try {
        const clock = new TestClock();
        await store.set("42", { ...sample("42", "old"), expiresAt: clock.now() - 1 });
        let seenOnDiskAtFirstUse: TokenSet | undefined;
        const api = new FakeApi()
          .on("/v2/oauth2", "requesttoken", tokenAnswer(42, "rotated-access", "rotated-refresh"))
          .always("/v2/user", "getgoals", async () => {
            // What a process that crashed right now would find on restart.
            seenOnDiskAtFirstUse = await (await reopen()).get("42");
            return envelope(0, { goals: [] });
          });
        const client = createWithingsClient({
          clientId: "app",
          clientSecret: "secret",
          cloud: "https://api.test",
          fetch: api.fetch,
          clock,
          tokenStore: store,
        });
        await client.user("42").getGoals();
        expect(seenOnDiskAtFirstUse?.accessToken).toBe("rotated-access");
        expect(seenOnDiskAtFirstUse?.refreshToken).toBe("rotated-refresh");
      } finally {
        await cleanup?.();
      }
    });
  });
}
