// `openSqliteStore(path, { readonly: true })` and `integrityCheck`: what a command that
// only reads may rely on (nothing written, no migration), and how a damaged file is refused.

import { createHash } from "node:crypto";
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { isStoreError } from "../../src/index.js";
import { openSqliteStore } from "../../src/sqlite.js";
import { migrateSqlite } from "../../src/store/sqlite/migrate-sqlite.js";
import { SQLITE_MIGRATIONS } from "../../src/store/sqlite/sqlite-migrations.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "withings-kit-readonly-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const digest = (path: string): string =>
  createHash("sha256").update(readFileSync(path)).digest("hex");

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

async function storeWithRows(): Promise<string> {
  const path = join(tempDir(), "w.db");
  const store = openSqliteStore(path);
  await store.apply({
    userId: "42",
    dataset: "measures",
    state: { cursor: 1_700_000_000, lastSyncAt: 1_700_000_100 },
  });
  await store.close();
  return path;
}

describe("openSqliteStore readonly", () => {
  it("reads without writing a byte, and refuses writes with STORE_READONLY", async () => {
    const path = await storeWithRows();
    const before = digest(path);
    const mtime = statSync(path).mtimeMs;
    const store = openSqliteStore(path, { readonly: true });
    expect(store.migrations).toEqual([]);
    expect((await store.getState("42", "measures"))?.cursor).toBe(1_700_000_000);
    await expect(
      store.apply({ userId: "42", dataset: "measures", state: { cursor: 1, lastSyncAt: 1 } }),
    ).rejects.toSatisfy((e: unknown) => isStoreError(e) && e.code === "STORE_READONLY");
    await store.close();
    expect(digest(path)).toBe(before);
    expect(statSync(path).mtimeMs).toBe(mtime);
  });

  it("never creates a missing file", () => {
    const path = join(tempDir(), "missing.db");
    const error = caught(() => openSqliteStore(path, { readonly: true }));
    expect(isStoreError(error)).toBe(true);
    expect(() => statSync(path)).toThrow();
  });

  it("refuses a schema older than this version instead of migrating it", () => {
    const path = join(tempDir(), "old.db");
    const db = new Database(path);
    db.pragma("journal_mode = WAL");
    expect(migrateSqlite(db, SQLITE_MIGRATIONS.slice(0, -1)).error).toBeUndefined();
    db.close();
    const before = digest(path);
    const error = caught(() => openSqliteStore(path, { readonly: true }));
    expect(isStoreError(error) && error.code).toBe("STORE_MIGRATION_FAILED");
    expect((error as Error).message).toContain(SQLITE_MIGRATIONS.at(-1)?.name);
    expect(digest(path)).toBe(before);
    // Opened for writing, the same file is migrated as before.
    openSqliteStore(path).close();
  });
});

describe("openSqliteStore integrityCheck", () => {
  it("refuses a file with a damaged page as STORE_CORRUPT before writing anything", async () => {
    const path = await storeWithRows();
    const probe = new Database(path, { readonly: true });
    const pageSize = probe.pragma("page_size", { simple: true }) as number;
    const root = probe
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'sync_state'")
      .pluck()
      .get() as number;
    probe.close();
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);
    const before = digest(path);
    for (const readonly of [false, true]) {
      const error = caught(() => openSqliteStore(path, { readonly, integrityCheck: true }));
      expect(isStoreError(error) && error.code, String(error)).toBe("STORE_CORRUPT");
      expect((error as Error).message).toBe(
        `open ${path}: the file is not a Withings Kit SQLite database or it is damaged (SQLITE_CORRUPT)`,
      );
    }
    expect(digest(path)).toBe(before);
  });

  it("opens a sound file", async () => {
    const path = await storeWithRows();
    const store = openSqliteStore(path, { integrityCheck: true });
    expect((await store.getState("42", "measures"))?.lastSyncAt).toBe(1_700_000_100);
    await store.close();
  });
});
