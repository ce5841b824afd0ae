import { createWithingsClient } from "@withings-kit/client";
import { afterEach, describe, expect, it } from "vitest";
import { DATABASE_KINDS, serviceDatabases } from "./helpers/service-databases.js";

const databases = serviceDatabases();
afterEach(() => databases.close());

function tokens(userid: string, access: string, expiresIn: number) {
  return {
    userid,
    access_token: access,
    refresh_token: `r-${access}`,
    expires_in: expiresIn,
    scope: "user.metrics",
    token_type: "Bearer",
  };
}

describe.each(DATABASE_KINDS)("the service's users on %s", (kind) => {
  it("leaves a dead login out of the catch-up until the user logs in again", async () => {
    const { tokens: tokenStore, database } = await databases.open(kind);
    const client = createWithingsClient({
      clientId: "app",
      clientSecret: "secret",
      tokenStore,
    });
    await client.saveTokens(tokens("1", "a1", 10_800));
    await client.saveTokens(tokens("2", "a2", 10_800));
    const users = database.users;
    const active = async () => (await users.active(await client.users())).sort();
    expect(await active()).toEqual(["1", "2"]);
    await users.mark("1", "token-dead", 100);
    await users.mark("2", "revoked", 100);
    expect(await active()).toEqual([]);
    // A new login for user 1: other tokens.
    await client.saveTokens(tokens("1", "b1", 20_000));
    expect(await active()).toEqual(["1"]);
    await users.link("2", 200);
    expect(await active()).toEqual(["1", "2"]);
  });

  it("keeps a revoked user revoked when a run then finds the login dead, and records runs and enrolments", async () => {
    const { database } = await databases.open(kind);
    const users = database.users;
    await users.notified("5", 10);
    await users.mark("5", "revoked", 20);
    await users.mark("5", "token-dead", 30);
    await users.synced("5", 30, "SYNC_AUTH: refused");
    await users.enrol("6", "BP-2027", "P-0006", 40);
    await users.synced("6", 50, null);
    await users.synced("6", 60, "SYNC_FAILED: down");
    const list = (await users.list()).sort((a, b) => a.userId.localeCompare(b.userId));
    expect(list).toEqual([
      {
        userId: "5",
        status: "revoked",
        lastNotificationAt: 10,
        lastSyncAt: null,
        lastError: "SYNC_AUTH: refused",
        study: null,
        participantCode: null,
      },
      {
        userId: "6",
        status: "linked",
        lastNotificationAt: null,
        lastSyncAt: 50,
        lastError: "SYNC_FAILED: down",
        study: "BP-2027",
        participantCode: "P-0006",
      },
    ]);
  });
});
