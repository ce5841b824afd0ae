import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  postgresSchema,
  TEST_DATABASE_URL,
  type TestSchema,
} from "../../sync/test/helpers/postgres-schema.js";
import { runCli } from "../src/run-cli.js";
import {
  appFlags,
  CLIENT_ID,
  CLIENT_SECRET,
  createUser,
  run,
  sandboxServer,
  TEST_LIMIT,
  tempDir,
  testIo,
} from "./_helpers.js";

const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

// A password that must never be printed: trust authentication ignores it, so the URL works.
const PASSWORD = "pg-secret-7f3a";
const HOOK = "a-webhook-token-of-some-length-0123456789";
const ADMIN = "an-admin-token-of-some-length-0123456789";

/** A `--db` URL into a throwaway schema, with a password in it. */
async function databaseUrl(): Promise<{ url: string; schema: TestSchema }> {
  const schema = await postgresSchema();
  schemas.push(schema);
  const url = new URL(TEST_DATABASE_URL);
  url.password = PASSWORD;
  url.searchParams.set("options", `-c search_path=${schema.name}`);
  return { url: url.toString(), schema };
}

describe("--db postgres://…", () => {
  it("logs in, syncs, shows status and exports on PostgreSQL, never printing the password", async () => {
    const server = await sandboxServer();
    const user = await createUser(server, { years: 0.1 });
    const dir = await tempDir();
    const { url: db, schema } = await databaseUrl();
    const tokens = join(dir, "tokens.json");
    await writeFile(tokens, JSON.stringify(user));
    const outputs: string[] = [];
    const step = async (args: string[]) => {
      const result = await run(args, testIo(dir));
      outputs.push(result.stdout, result.stderr);
      expect(result.code, result.stderr).toBe(0);
      return result;
    };

    await step(["login", "--import-tokens", tokens, ...appFlags(server, db)]);
    await step(["sync", ...appFlags(server, db)]);
    const again = await step(["sync", "--json", ...appFlags(server, db)]);
    const report = JSON.parse(again.stdout.trim().split("\n").at(-1) ?? "") as {
      ok: boolean;
      totals: { added: number };
    };
    expect(report.ok).toBe(true);
    expect(report.totals.added).toBe(0);
    // The requests were counted in the database, where other processes' are.
    const pool = schema.pool(1);
    const counted = await pool.query("SELECT count(*)::int AS n FROM rate_limits");
    expect(counted.rows[0]?.n).toBeGreaterThan(0);

    const status = await step(["status", "--db", db, "--json"]);
    const parsed = JSON.parse(status.stdout) as {
      database: string;
      users: { userId: string; datasets: Record<string, { rows: number }> }[];
    };
    expect(parsed.database).toMatch(/^postgres:\/\/postgres@/);
    expect(parsed.users.map((u) => u.userId)).toEqual([user.userid]);
    const rows = parsed.users[0]?.datasets["measures"]?.rows ?? 0;
    expect(rows).toBeGreaterThan(0);

    const ndjson = await step([
      "export",
      "--db",
      db,
      "--dataset",
      "measures",
      "--format",
      "ndjson",
    ]);
    expect(ndjson.stdout.trimEnd().split("\n")).toHaveLength(rows);

    for (const text of outputs) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(user.access_token);
    }
  });

  it("serve receives and queues, a worker syncs, both on DATABASE_URL alone", async () => {
    const server = await sandboxServer();
    const user = await createUser(server, { years: 0.1 });
    const dir = await tempDir();
    const { url: db, schema } = await databaseUrl();
    const tokens = join(dir, "tokens.json");
    await writeFile(tokens, JSON.stringify(user));
    const env = {
      ...testIo(dir).env,
      DATABASE_URL: db,
      WITHINGS_CLOUD: server.url,
      WITHINGS_CLIENT_ID: CLIENT_ID,
      WITHINGS_CLIENT_SECRET: CLIENT_SECRET,
      WITHINGS_RATE_LIMIT: String(TEST_LIMIT),
      WITHINGS_WEBHOOK_TOKEN: HOOK,
      WITHINGS_ADMIN_TOKEN: ADMIN,
    };
    expect((await run(["login", "--import-tokens", tokens], testIo(dir, { env }))).code).toBe(0);
    const pool = schema.pool(1);
    const rows = async (sql: string) => (await pool.query<{ n: number }>(sql)).rows[0]?.n;
    const stop = new AbortController();
    const receiverIo = testIo(dir, { env, signal: stop.signal });
    // An hour between catch-ups: only the notification brings the user's data.
    const receiver = runCli(
      ["serve", "--port", "0", "--concurrency", "0", "--catch-up-minutes", "60"],
      receiverIo,
    );
    const [, hookUrl] = await receiverIo.stdout.waitFor(/listening on (http:\/\/[\d.:]+)/);
    expect(receiverIo.stdout.text).toContain("queued for withings worker processes");
    // The receiver's own catch-up queues the user; it runs nothing.
    await until(async () => (await rows("SELECT count(*)::int AS n FROM service_jobs")) === 1);
    const posted = await fetch(`${hookUrl}/webhooks/withings/${HOOK}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `userid=${user.userid}&appli=4`,
    });
    expect(posted.status).toBe(200);
    expect(await rows("SELECT count(*)::int AS n FROM measures")).toBe(0);

    const workerIo = testIo(dir, { env, signal: stop.signal });
    const worker = runCli(["worker", "--port", "0"], workerIo);
    const [, workerUrl] = await workerIo.stdout.waitFor(/worker on (http:\/\/[\d.:]+)/);
    await until(async () => (await rows("SELECT count(*)::int AS n FROM service_jobs")) === 0);
    expect(await rows("SELECT count(*)::int AS n FROM measures")).toBeGreaterThan(0);
    // The worker answers health and metrics, and has no webhook.
    expect((await fetch(`${workerUrl}/readyz`)).status).toBe(200);
    expect((await fetch(`${workerUrl}/webhooks/withings/${HOOK}`, { method: "HEAD" })).status).toBe(
      404,
    );
    const metrics = await fetch(`${workerUrl}/metrics`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(await metrics.text()).toMatch(/withings_kit_jobs_total\{result="done"\} [1-9]/);
    stop.abort();
    expect(await receiver).toBe(0);
    expect(await worker).toBe(0);
    for (const io of [receiverIo, workerIo]) {
      const text = io.stdout.text + io.stderr.text;
      for (const secret of [PASSWORD, HOOK, ADMIN, user.access_token, CLIENT_SECRET]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});

async function until(done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("withings migrate", () => {
  it("creates a PostgreSQL schema once, the service's tables too, then says it is up to date", async () => {
    const dir = await tempDir();
    const { url: db } = await databaseUrl();
    const first = await run(["migrate", "--db", db, "--json"], testIo(dir));
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      database: expect.stringMatching(/^postgres:\/\/postgres@/),
      applied: ["0001-initial"],
      service: ["0001-inbox-jobs-users", "0002-schedule"],
    });
    const again = await run(["migrate", "--db", db], testIo(dir));
    expect(again.stdout).toMatch(/^The schema of postgres:\/\/postgres@\S+ is up to date\.\n$/);
    expect(first.stdout + again.stdout).not.toContain(PASSWORD);
  });

  it("takes DATABASE_URL only when no flag, WITHINGS_DB or config file names a database", async () => {
    const dir = await tempDir();
    const { url: db } = await databaseUrl();
    const config = join(dir, "config.json");
    await writeFile(config, JSON.stringify({ db: "mine.db" }));
    const io = testIo(dir);
    const named = await run(
      ["migrate", "--json"],
      testIo(dir, { env: { ...io.env, DATABASE_URL: db, WITHINGS_CONFIG: config } }),
    );
    expect(JSON.parse(named.stdout)).toMatchObject({ database: join(dir, "mine.db") });
    const alone = await run(
      ["migrate", "--json"],
      testIo(dir, { env: { ...io.env, DATABASE_URL: db } }),
    );
    expect(JSON.parse(alone.stdout)).toMatchObject({
      database: expect.stringMatching(/^postgres:\/\/postgres@/),
    });
    // Another program's variable that is not PostgreSQL's is not ours.
    const other = await run(
      ["migrate", "--json"],
      testIo(dir, { env: { ...io.env, DATABASE_URL: "mysql://app@db/x" } }),
    );
    expect(JSON.parse(other.stdout).database).toMatch(/\.db$/);
  });

  it("migrates an SQLite file the same way", async () => {
    const dir = await tempDir();
    const db = join(dir, "new.db");
    const first = await run(["migrate", "--db", db, "--json"], testIo(dir));
    expect(first.code, first.stderr).toBe(0);
    expect((JSON.parse(first.stdout) as { applied: string[] }).applied).toContain("0001-initial");
    const again = await run(["migrate", "--db", db, "--json"], testIo(dir));
    expect(JSON.parse(first.stdout)).toMatchObject({
      service: ["0001-inbox-jobs-users", "0002-schedule"],
    });
    expect(JSON.parse(again.stdout)).toEqual({ database: db, applied: [], service: [] });
  });
});
