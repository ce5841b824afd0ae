import { createWithingsClient } from "@withings-kit/client";
import { openSqliteStore, type SqliteStore, SqliteTokenStore } from "@withings-kit/sync";
import { afterEach, describe, expect, it } from "vitest";
import { openServiceDatabase, SqliteServiceUsers } from "../src/index.js";

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

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

describe("SqliteServiceUsers", () => {
  it("leaves a dead login out of the catch-up until the user logs in again", async () => {
    const store = openSqliteStore(":memory:");
    stores.push(store);
    openServiceDatabase(store.database);
    const client = createWithingsClient({
      clientId: "app",
      clientSecret: "secret",
      tokenStore: new SqliteTokenStore(store),
    });
    await client.saveTokens(tokens("1", "a1", 10_800));
    await client.saveTokens(tokens("2", "a2", 10_800));
    const users = new SqliteServiceUsers(store.database);
    expect(users.active(await client.users())).toEqual(["1", "2"]);
    users.mark("1", "token-dead", 100);
    users.mark("2", "revoked", 100);
    expect(users.active(await client.users())).toEqual([]);
    // A new login for user 1: other tokens.
    await client.saveTokens(tokens("1", "b1", 20_000));
    expect(users.active(await client.users())).toEqual(["1"]);
    users.link("2", 200);
    expect(users.active(await client.users())).toEqual(["1", "2"]);
  });
});
