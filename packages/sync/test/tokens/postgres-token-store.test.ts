import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createWithingsClient, type TokenSet } from "@withings-kit/client";
import { type SandboxServer, startSandboxServer } from "@withings-kit/sandbox/server";
import { PostgresTokenStore } from "@withings-kit/sync/postgres";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { describeTokenStoreContract } from "../../../client/test/helpers/token-store-contract.js";
import { isStoreError } from "../../src/index.js";
import { postgresSchema, type TestSchema } from "../helpers/postgres-schema.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../../..");
const child = join(here, "fixtures", "refresh-child.ts");

const schemas: TestSchema[] = [];
afterEach(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});
async function newSchema(): Promise<TestSchema> {
  const schema = await postgresSchema();
  schemas.push(schema);
  return schema;
}

describeTokenStoreContract("PostgreSQL", {
  async create() {
    const schema = await postgresSchema();
    return {
      store: await PostgresTokenStore.open(schema.pool()),
      reopen: () => PostgresTokenStore.open(schema.pool(2)),
      cleanup: () => schema.drop(),
    };
  },
});

const SECRET = "refresh-SECRET-4d1c88";
const pair = (userId: string): TokenSet => ({
  userId,
  accessToken: `access-${userId}`,
  refreshToken: SECRET,
  expiresAt: Date.now() + 3_600_000,
  scope: ["user.metrics"],
  tokenType: "Bearer",
});

describe("PostgresTokenStore.exclusive", () => {
  it("runs one holder at a time per user, across pools, and users side by side", async () => {
    const schema = await newSchema();
    const a = await PostgresTokenStore.open(schema.pool());
    const b = await PostgresTokenStore.open(schema.pool());
    const log: string[] = [];
    const hold = (store: PostgresTokenStore, user: string, name: string) =>
      store.exclusive(user, async () => {
        log.push(`${name} in`);
        await new Promise((wake) => setTimeout(wake, 150));
        log.push(`${name} out`);
        return name;
      });
    const results = await Promise.all([hold(a, "1", "a1"), hold(b, "1", "b1"), hold(b, "2", "b2")]);
    expect(results).toEqual(["a1", "b1", "b2"]);
    // One user's holders never overlap; the other user's does not wait for them.
    const one = log.filter((l) => l.includes("1 "));
    expect([one[0]?.slice(0, 2), one[1]?.slice(0, 2)]).toEqual([
      one[0]?.slice(0, 2),
      one[0]?.slice(0, 2),
    ]);
    expect(one.map((l) => l.slice(3))).toEqual(["in", "out", "in", "out"]);
    expect(log.indexOf("b2 in")).toBeLessThan(log.indexOf(`${one[0]?.slice(0, 2)} out`));
  });

  it("reads and writes under the lock with a pool of one connection", async () => {
    const schema = await newSchema();
    const store = await PostgresTokenStore.open(schema.pool(1));
    await store.set("7", pair("7"));
    const seen = await store.exclusive("7", async () => {
      await store.set("7", { ...pair("7"), accessToken: "rotated" });
      return (await store.get("7"))?.accessToken;
    });
    expect(seen).toBe("rotated");
  });

  it("never waits for the pool under a lock, even with one connection and many users", async () => {
    const schema = await newSchema();
    const store = await PostgresTokenStore.open(schema.pool(1), { lockConnections: 2 });
    const users = ["1", "2", "3", "4", "5"];
    const seen = await Promise.all(
      users.map((user) =>
        store.exclusive(user, async () => {
          await store.set(user, { ...pair(user), accessToken: `rotated-${user}` });
          return (await store.get(user))?.accessToken;
        }),
      ),
    );
    expect(seen).toEqual(users.map((user) => `rotated-${user}`));
    await store.close();
  });

  it("deletes under the lock, so a refresh in flight cannot bring the pair back", async () => {
    const schema = await newSchema();
    const store = await PostgresTokenStore.open(schema.pool());
    await store.set("9", pair("9"));
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((wake) => {
      entered = wake;
    });
    const refreshing = store.exclusive("9", async () => {
      entered();
      await new Promise<void>((wake) => {
        release = wake;
      });
      await store.set("9", { ...pair("9"), accessToken: "rotated" });
    });
    // The refresh holds the lock: the deletion waits for it, then removes what it stored.
    await inside;
    const deleting = store.delete("9");
    release();
    await Promise.all([refreshing, deleting]);
    expect(await store.get("9")).toBeUndefined();
    await store.close();
  });

  it("lets the next holder in when the holder's work throws", async () => {
    const schema = await newSchema();
    const store = await PostgresTokenStore.open(schema.pool());
    await expect(
      store.exclusive("1", async () => {
        throw new RangeError("refresh failed");
      }),
    ).rejects.toThrow(RangeError);
    expect(await store.exclusive("1", async () => "next")).toBe("next");
  });

  it("lives through its lock connection's death while the holder works", async () => {
    const schema = await newSchema();
    const pool = schema.pool();
    const store = await PostgresTokenStore.open(pool);
    // A user of its own: other test files hold advisory locks on the same server.
    const user = `dying-link-${process.pid}-${Date.now()}`;
    await store.set(user, pair(user));
    const killed = await store.exclusive(user, async () => {
      // The server ends the connection that holds the lock, as a restart would, while the
      // holder waits on something else (a refresh over HTTP). The socket's error event
      // arrives while no statement runs on it: unheard, it would crash the process.
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND classid = $1
            AND objid = (hashtext($2)::bigint & 4294967295)::text::oid`,
        [0x5749_4b54, user],
      );
      await new Promise((r) => setTimeout(r, 300));
      return rows[0]?.n;
    });
    expect(killed).toBe(1);
    // The dead connection was thrown away: the next holder locks on a new one.
    expect(await store.exclusive(user, async () => (await store.get(user))?.refreshToken)).toBe(
      SECRET,
    );
    await store.close();
  });

  it("fails with a typed error that holds no secret when PostgreSQL cannot be reached", async () => {
    const pool = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:1/none" });
    try {
      const error = await PostgresTokenStore.open(pool).catch((e: unknown) => e);
      expect(isStoreError(error) && error.code).toBe("STORE_IO");
      expect(String((error as Error).message)).not.toContain(SECRET);
    } finally {
      await pool.end();
    }
  });
});

describe("eight processes, one user, an expired token", () => {
  let server: SandboxServer;
  beforeAll(async () => {
    server = await startSandboxServer({
      seed: 9,
      port: 0,
      clock: "realtime",
      rateLimit: { limit: 100_000, windowSeconds: 60 },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("exchange the refresh token once, and every call succeeds on the new pair", async () => {
    const schema = await newSchema();
    const { sandbox } = server;
    const answer = sandbox.createUser({ profile: "vitals-study", years: 0.1 });
    const app = sandbox.defaultApp;
    const store = await PostgresTokenStore.open(schema.pool());
    const client = createWithingsClient({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      cloud: server.url,
      tokenStore: store,
    });
    await client.saveTokens(answer);
    const userId = answer.userid;
    // Expired for the client: each process finds it so at its first call.
    const saved = await store.get(userId);
    await store.set(userId, { ...saved!, expiresAt: Date.now() - 1000 });
    const before = sandbox.stats().refreshes;

    const at = Date.now() + 4000;
    const runs = await Promise.all(
      Array.from({ length: 8 }, () =>
        runChild([
          server.url,
          schema.name,
          userId,
          app.clientId,
          app.clientSecret,
          String(at),
          "5",
        ]),
      ),
    );
    for (const run of runs) expect(run.result, run.stderr).toEqual({ failed: [] });
    expect(sandbox.stats().refreshes - before).toBe(1);
    // No session lost: the stored pair is the live one, and it refreshes again.
    const stored = await store.get(userId);
    expect(stored?.refreshToken).not.toBe(saved?.refreshToken);
    await client.refresh(userId);
    expect((await client.user(userId).getDevice()).devices.length).toBeGreaterThan(0);
  }, 60_000);
});

function runChild(
  args: readonly string[],
): Promise<{ result?: unknown; stderr: string; code: number | null }> {
  return new Promise((done, fail) => {
    const proc = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", child, ...args],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    proc.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    proc.on("error", fail);
    proc.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      done({ code, stderr: err, ...(line ? { result: JSON.parse(line) } : {}) });
    });
  });
}
