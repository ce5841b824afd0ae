import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TokenSet } from "@withings-kit/client";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { describeTokenStoreContract } from "../../../client/test/helpers/token-store-contract.js";
import { isStoreError } from "../../src/index.js";
import { sqliteHandle } from "../../src/internal.js";
import { openSqliteStore, type SqliteStore, SqliteTokenStore } from "../../src/sqlite.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "withings-kit-tokens-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SECRET_ACCESS = "access-SECRET-7f3a9c";
const SECRET_REFRESH = "refresh-SECRET-b41e02";
const tokens = (userId: string): TokenSet => ({
  userId,
  accessToken: SECRET_ACCESS,
  refreshToken: SECRET_REFRESH,
  expiresAt: 1_704_412_800_000,
  scope: ["user.metrics", "user.activity"],
  tokenType: "Bearer",
});

describeTokenStoreContract("SqliteTokenStore", {
  async create() {
    const path = join(tempDir(), "withings.db");
    const opened: SqliteStore[] = [];
    const open = (): SqliteTokenStore => {
      const store = openSqliteStore(path);
      opened.push(store);
      return new SqliteTokenStore(store);
    };
    // `reopen` is a second connection: it sees only what was committed.
    return {
      store: open(),
      reopen: async () => open(),
      cleanup: async () => {
        for (const store of opened) await store.close();
      },
    };
  },
});

describe("SqliteTokenStore", () => {
  it("has committed a set before it resolves: another process reads it at once", async () => {
    const path = join(tempDir(), "withings.db");
    const store = openSqliteStore(path);
    await new SqliteTokenStore(store).set("42", tokens("42"));
    const other = new Database(path, { readonly: true });
    const row = other.prepare("SELECT access_token, scope FROM tokens WHERE user_id = ?").get("42");
    other.close();
    expect(row).toEqual({ access_token: SECRET_ACCESS, scope: "user.metrics,user.activity" });
    // The store is back to NORMAL after the fsynced token write.
    expect(sqliteHandle(store).database.pragma("synchronous", { simple: true })).toBe(1);
    await store.close();
  });

  it("never shows a token in an error", async () => {
    const store = openSqliteStore(":memory:");
    const tokenStore = new SqliteTokenStore(store);
    sqliteHandle(store).database.exec("DROP TABLE tokens");
    const errors = [
      await tokenStore.set("1", tokens("1")).catch((e: unknown) => e),
      await tokenStore
        .set("1", { ...tokens("1"), scope: [7] } as unknown as TokenSet)
        .catch((e: unknown) => e),
    ];
    await store.close();
    errors.push(await tokenStore.set("1", tokens("1")).catch((e: unknown) => e));
    for (const error of errors) {
      expect(isStoreError(error), String(error)).toBe(true);
      let text = "";
      for (let e: unknown = error; e != null; e = (e as { cause?: unknown }).cause) {
        text += `${String(e)} ${(e as { stack?: string }).stack} ${JSON.stringify(e)}`;
      }
      expect(text).not.toContain(SECRET_ACCESS);
      expect(text).not.toContain(SECRET_REFRESH);
    }
  });
});
