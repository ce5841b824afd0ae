// Several `withings sync` processes (standing in for machines) on one PostgreSQL database,
// started together over the same participants, whose access tokens have all expired: each
// participant's token is refreshed exactly once across the processes, no minute exceeds
// the app's quota, and the database ends equal to the cloud.
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { SyncDataset } from "@withings-kit/sync";
import { PostgresStore } from "@withings-kit/sync/postgres";
import { afterAll, describe, expect, it } from "vitest";
import { onlyDatasets } from "../../sync/test/engine/helpers/only-datasets.js";
import { diffRows, expectedRows, storedRows } from "../../sync/test/engine/helpers/row-sets.js";
import {
  postgresSchema,
  TEST_DATABASE_URL,
  type TestSchema,
} from "../../sync/test/helpers/postgres-schema.js";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  createUser,
  run,
  sandboxServer,
  tempDir,
  testIo,
} from "./_helpers.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
const bin = join(root, "packages/cli/src/bin.ts");
const PROCESSES = 3;
const USERS = 6;
const QUOTA = 6000;
// What the cloud keeps still while time passes (intraday, devices and goals move with it).
const COMPARED: readonly SyncDataset[] = [
  "measures",
  "activity",
  "workouts",
  "sleep_summaries",
  "sleep",
  "ecg",
  "ecg_signal",
];

const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

function sync(args: readonly string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const proc = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", bin, "sync", "--json", ...args],
      { cwd: root, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    proc.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
    });
    let err = "";
    proc.stderr?.on("data", (c: Buffer) => {
      err += c.toString();
    });
    proc.once("exit", (code) => done({ code, out, err }));
  });
}

describe("withings sync on several machines sharing one PostgreSQL database", () => {
  it("refreshes each expired login once, stays within the quota, and ends equal to the cloud", async () => {
    const server = await sandboxServer({ rateLimit: { limit: QUOTA, windowSeconds: 60 } });
    const schema = await postgresSchema();
    schemas.push(schema);
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set("options", `-c search_path=${schema.name}`);
    const db = url.toString();
    const flags = [
      "--cloud",
      server.url,
      "--client-id",
      CLIENT_ID,
      "--client-secret",
      CLIENT_SECRET,
      "--rate-limit",
      String(QUOTA),
      "--db",
      db,
    ];
    const dir = await tempDir();
    const users: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const user = await createUser(server, { years: 0.1 });
      users.push(user.userid);
      // Expiring at once: every process finds the access token expired.
      const file = join(dir, `tokens-${i}.json`);
      await writeFile(file, JSON.stringify({ ...user, expires_in: 1 }));
      expect((await run(["login", "--import-tokens", file, ...flags], testIo(dir))).code).toBe(0);
    }
    await new Promise((r) => setTimeout(r, 1500));
    const refreshesBefore = server.sandbox.stats().refreshes;

    const runs = await Promise.all(Array.from({ length: PROCESSES }, () => sync(flags)));
    for (const r of runs) {
      // A participant another process is syncing is left to it, and said so.
      const report = JSON.parse(r.out.trim().split("\n").at(-1) ?? "{}") as {
        users?: { userId: string; error?: { code: string } }[];
      };
      for (const u of report.users ?? []) {
        if (u.error !== undefined) expect(u.error.code, r.err).toBe("SYNC_BUSY");
      }
    }
    // Exactly one refresh per participant, whichever process made it.
    expect(server.sandbox.stats().refreshes - refreshesBefore).toBe(USERS);

    // Everything was synced: one more run finds nothing new, and every login still works.
    const last = await sync(flags);
    expect(last.code, last.err).toBe(0);
    const report = JSON.parse(last.out.trim().split("\n").at(-1) ?? "{}") as {
      ok: boolean;
      totals: { added: number };
    };
    expect(report.ok).toBe(true);
    expect(report.totals.added).toBe(0);
    expect(server.sandbox.stats().tooManyRequests.total).toBe(0);

    const store = await PostgresStore.open(schema.pool(2));
    const now = Math.floor(server.sandbox.clock.nowSeconds());
    for (const userId of users) {
      const diff = await diffRows(
        onlyDatasets(storedRows(store, userId), ...COMPARED),
        onlyDatasets(expectedRows(server.sandbox.userData(userId), now), ...COMPARED),
      );
      expect(diff, `user ${userId}`).toEqual([]);
    }
    await store.close();
  }, 240_000);
});
