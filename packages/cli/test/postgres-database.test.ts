import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  postgresSchema,
  TEST_DATABASE_URL,
  type TestSchema,
} from "../../sync/test/helpers/postgres-schema.js";
import { EXIT_CODES } from "../src/exit-codes.js";
import { appFlags, createUser, run, sandboxServer, tempDir, testIo } from "./_helpers.js";

const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

// A password that must never be printed: trust authentication ignores it, so the URL works.
const PASSWORD = "pg-secret-7f3a";

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

  it("says plainly that serve needs an SQLite database for now", async () => {
    const server = await sandboxServer();
    const dir = await tempDir();
    const { url: db } = await databaseUrl();
    const io = testIo(dir);
    const result = await run(["serve", "--port", "0", ...appFlags(server, db)], {
      ...io,
      env: { ...io.env, WITHINGS_WEBHOOK_TOKEN: "t".repeat(32) },
    });
    expect(result.code).toBe(EXIT_CODES.USAGE);
    expect(result.stderr).toContain("SQLite");
    expect(result.stderr).not.toContain(PASSWORD);
  });
});

describe("withings migrate", () => {
  it("creates a PostgreSQL schema once, then says it is up to date", async () => {
    const dir = await tempDir();
    const { url: db } = await databaseUrl();
    const first = await run(["migrate", "--db", db, "--json"], testIo(dir));
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      database: expect.stringMatching(/^postgres:\/\/postgres@/),
      applied: ["0001-initial"],
    });
    const again = await run(["migrate", "--db", db], testIo(dir));
    expect(again.stdout).toMatch(/^The schema of postgres:\/\/postgres@\S+ is up to date\.\n$/);
    expect(first.stdout + again.stdout).not.toContain(PASSWORD);
  });

  it("migrates an SQLite file the same way", async () => {
    const dir = await tempDir();
    const db = join(dir, "new.db");
    const first = await run(["migrate", "--db", db, "--json"], testIo(dir));
    expect(first.code, first.stderr).toBe(0);
    expect((JSON.parse(first.stdout) as { applied: string[] }).applied).toContain("0001-initial");
    const again = await run(["migrate", "--db", db, "--json"], testIo(dir));
    expect(JSON.parse(again.stdout)).toEqual({ database: db, applied: [] });
  });
});
