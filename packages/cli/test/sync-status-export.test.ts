import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { SandboxServer } from "@withings-kit/sandbox/server";
import { SYNC_DATASETS } from "@withings-kit/sync";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import {
  appFlags,
  CLIENT_SECRET,
  createUser,
  run,
  sandboxServer,
  tempDir,
  testIo,
} from "./_helpers.js";

/** A sandbox, a small vitals-study user logged in (imported tokens) and a database path. */
async function loggedIn(years = 0.1) {
  const server = await sandboxServer();
  const user = await createUser(server, { years });
  const dir = await tempDir();
  const db = join(dir, "w.db");
  const tokens = join(dir, "tokens.json");
  await writeFile(tokens, JSON.stringify(user));
  const login = await run(
    ["login", "--import-tokens", tokens, ...appFlags(server, db)],
    testIo(dir),
  );
  expect(login.code).toBe(0);
  return { server, user, dir, db };
}

async function apiStatus(server: SandboxServer, accessToken: string): Promise<number> {
  const response = await fetch(`${server.url}/v2/user`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}` },
    body: new URLSearchParams({ action: "getdevice" }),
  });
  return ((await response.json()) as { status: number }).status;
}

describe("withings sync, status, export, logout", () => {
  it("syncs every dataset with plain progress lines and a summary table", async () => {
    const { server, user, dir, db } = await loggedIn();
    const result = await run(["sync", ...appFlags(server, db)], testIo(dir));
    expect(result.stderr).not.toContain("\u001b["); // no escape codes off a TTY
    expect(result.code).toBe(0);
    for (const dataset of SYNC_DATASETS) {
      expect(result.stderr).toMatch(new RegExp(`user ${user.userid} ${dataset}: done`));
      expect(result.stdout).toMatch(new RegExp(`^${dataset}\\s+\\d`, "m"));
    }
    expect(result.stdout).toMatch(/^dataset\s+added\s+changed\s+deleted\s+requests\s+errors$/m);
    expect(result.stdout).toMatch(/^total\s+[\d,]+\s+0\s+0\s+\d+\s+0$/m);
    expect(result.stdout).toContain("1 user synced in");

    // A second sync finds nothing new.
    const again = await run(["sync", "--json", ...appFlags(server, db)], testIo(dir));
    expect(again.code).toBe(0);
    const lines = again.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(0, -1).every((l) => l["type"] === "progress")).toBe(true);
    const report = lines.at(-1) as { type: string; ok: boolean; totals: { added: number } };
    expect(report.type).toBe("report");
    expect(report.ok).toBe(true);
    expect(report.totals.added).toBe(0);
  });

  it("draws progress bars on a terminal", async () => {
    const { server, dir, db } = await loggedIn(0.05);
    const io = testIo(dir, { tty: true });
    const result = await run(
      ["sync", "--datasets", "measures,activity,intraday", ...appFlags(server, db)],
      io,
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("\u001b["); // cursor control: a real multibar
    // devices and activity say which days intraday has: synced before it.
    expect(result.stderr).toMatch(/4\/4 intraday \d+\/\d+ days/);
    expect(result.stdout).toMatch(/^intraday\s+[1-9]/m);
  });

  it("syncs the parent a detail dataset is fetched from, and says so", async () => {
    const { server, user, dir, db } = await loggedIn();
    const result = await run(
      ["sync", "--datasets", "sleep", "--json", ...appFlags(server, db)],
      testIo(dir),
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "withings: sleep is fetched for what sleep_summaries lists: syncing sleep_summaries too",
    );
    const report = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "") as {
      users: { datasets: { dataset: string; added: number }[] }[];
    };
    const datasets = report.users[0]?.datasets ?? [];
    expect(datasets.map((d) => d.dataset)).toEqual(["sleep_summaries", "sleep"]);
    // The nights were found, so their detail was fetched: the run did something.
    const status = await run(["status", "--db", db, "--json"], testIo(dir));
    const stored = JSON.parse(status.stdout) as {
      users: { userId: string; datasets: Record<string, { rows: number }> }[];
    };
    const mine = stored.users.find((u) => u.userId === user.userid);
    expect(mine?.datasets["sleep_summaries"]?.rows).toBeGreaterThan(0);
    expect(mine?.datasets["sleep"]?.rows).toBeGreaterThan(0);
  });

  it("limits a sync to --datasets and --user, and accepts --since and --reconcile-days", async () => {
    const { server, user, dir, db } = await loggedIn();
    const result = await run(
      [
        "sync",
        "--datasets",
        "measures,devices",
        "--user",
        user.userid,
        "--since",
        "2020-01-01",
        "--reconcile-days",
        "7",
        "--json",
        ...appFlags(server, db),
      ],
      testIo(dir),
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "") as {
      users: { userId: string; datasets: { dataset: string }[] }[];
    };
    expect(report.users.map((u) => u.userId)).toEqual([user.userid]);
    expect(report.users[0]?.datasets.map((d) => d.dataset)).toEqual(["devices", "measures"]);
  });

  it("shows status, and exports every format so that it parses back", async () => {
    const { server, user, dir, db } = await loggedIn();
    expect((await run(["sync", ...appFlags(server, db)], testIo(dir))).code).toBe(0);

    const status = await run(["status", "--db", db, "--json"], testIo(dir));
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as {
      users: {
        userId: string;
        tokens: { expiresAt: string } | null;
        datasets: Record<string, { rows: number; lastSyncAt: string | null }>;
      }[];
    };
    expect(parsed.users).toHaveLength(1);
    const me = parsed.users[0];
    expect(me?.userId).toBe(user.userid);
    expect(me?.tokens).not.toBeNull();
    const measures = me?.datasets["measures"];
    expect(measures?.rows).toBeGreaterThan(0);
    expect(Date.parse(measures?.lastSyncAt ?? "")).toBeGreaterThan(Date.now() - 600_000);

    const text = await run(["status", "--db", db], testIo(dir));
    expect(text.stdout).toContain(`User ${user.userid}`);
    expect(text.stdout).toMatch(/access token: expires \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(text.stdout).toMatch(/^\s+measures\s+[\d,]+\s+\d{4}-/m);
    expect(text.stdout + text.stderr).not.toContain(user.access_token);

    const rows = measures?.rows ?? 0;
    const csv = await run(
      ["export", "--db", db, "--dataset", "measures", "--format", "csv"],
      testIo(dir),
    );
    expect(csv.code).toBe(0);
    const csvLines = csv.stdout.trimEnd().split("\r\n");
    expect(csvLines[0]).toMatch(/^userId,grpid,/);
    expect(csvLines[0]?.split(",")).toEqual(
      expect.arrayContaining(["grpid", "type", "value", "date"]),
    );
    expect(csvLines).toHaveLength(rows + 1);

    const ndjson = await run(
      ["export", "--db", db, "--dataset", "measures", "--format", "ndjson", "--user", user.userid],
      testIo(dir),
    );
    const records = ndjson.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(rows);
    expect(records[0]).toHaveProperty("grpid");

    const out = join(dir, "measures.json");
    const json = await run(
      ["export", "--db", db, "--dataset", "measures", "--format", "json", "--out", out],
      testIo(dir),
    );
    expect(json.code).toBe(0);
    expect(json.stdout).toBe("");
    expect(json.stderr).toContain(`Exported ${rows} measures rows to ${out}`);
    const array = JSON.parse(await readFile(out, "utf8")) as unknown[];
    expect(array).toHaveLength(rows);
    expect(array).toEqual(records);
    expect((await stat(out)).mode & 0o777).toBe(0o600);

    // --from / --to narrow the rows by instant.
    const dates = records.map((r) => Date.parse(String(r["date"]))).sort((a, b) => a - b);
    const middle = new Date(dates[Math.floor(dates.length / 2)] ?? 0).toISOString();
    const late = await run(
      ["export", "--db", db, "--dataset", "measures", "--format", "ndjson", "--from", middle],
      testIo(dir),
    );
    const lateCount = late.stdout.trimEnd().split("\n").length;
    expect(lateCount).toBeGreaterThan(0);
    expect(lateCount).toBeLessThan(rows);
  });

  it("exports Parquet that DuckDB reads with typed columns, and FHIR as NDJSON or a Bundle", async () => {
    const { server, user, dir, db } = await loggedIn();
    expect((await run(["sync", ...appFlags(server, db)], testIo(dir))).code).toBe(0);
    const ndjson = await run(
      ["export", "--db", db, "--dataset", "measures", "--format", "ndjson"],
      testIo(dir),
    );
    const records = ndjson.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { grpid: number; type: number; rawValue: number });

    const file = join(dir, "measures.parquet");
    const parquet = await run(
      ["export", "--db", db, "--dataset", "measures", "--format", "parquet", "--out", file],
      testIo(dir),
    );
    expect(parquet.code).toBe(0);
    expect(parquet.stderr).toContain(`Exported ${records.length} measures rows to ${file}`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const duckdb = await DuckDBInstance.create(":memory:");
    const connection = await duckdb.connect();
    try {
      const source = `read_parquet('${file.replaceAll("'", "''")}')`;
      const types = Object.fromEntries(
        (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`))
          .getRows()
          .map((r) => [String(r[0]), String(r[1])]),
      );
      expect(types).toMatchObject({
        user_id: "VARCHAR",
        grpid: "BIGINT",
        date: "TIMESTAMP WITH TIME ZONE",
        local_date: "DATE",
        value: "DOUBLE",
        raw_value: "BIGINT",
      });
      const read = (
        await connection.runAndReadAll(
          `SELECT user_id, grpid::DOUBLE, type::DOUBLE, raw_value::DOUBLE FROM ${source}`,
        )
      ).getRows();
      expect(read).toHaveLength(records.length);
      expect(new Set(read.map((r) => r[0]))).toEqual(new Set([user.userid]));
      const key = (grpid: unknown, type: unknown, raw: unknown) => `${grpid}:${type}:${raw}`;
      expect(read.map((r) => key(r[1], r[2], r[3])).sort()).toEqual(
        records.map((r) => key(r.grpid, r.type, r.rawValue)).sort(),
      );
    } finally {
      connection.closeSync();
    }

    const fhir = await run(["export", "--db", db, "--format", "fhir"], testIo(dir));
    expect(fhir.code).toBe(0);
    const resources = fhir.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { resourceType: string; id: string });
    expect(resources[0]).toMatchObject({ resourceType: "Patient" });
    expect(resources.filter((r) => r.resourceType === "Observation").length).toBeGreaterThan(0);
    const bundleFile = join(dir, "bundle.json");
    const bundle = await run(
      ["export", "--db", db, "--format", "fhir-bundle", "--out", bundleFile],
      testIo(dir),
    );
    expect(bundle.code).toBe(0);
    const parsed = JSON.parse(await readFile(bundleFile, "utf8")) as {
      resourceType: string;
      type: string;
      entry: { resource: { id: string }; request: { method: string; url: string } }[];
    };
    expect(parsed).toMatchObject({ resourceType: "Bundle", type: "transaction" });
    expect(parsed.entry.map((e) => e.resource.id)).toEqual(resources.map((r) => r.id));
    expect(bundle.stderr).toContain(`Exported ${resources.length} FHIR resources to ${bundleFile}`);

    // What each format needs, said before anything is written.
    const withDataset = await run(
      ["export", "--db", db, "--format", "fhir", "--dataset", "measures"],
      testIo(dir),
    );
    expect(withDataset.code).toBe(EXIT_CODES.USAGE);
    expect(withDataset.stderr).toContain("leave out --dataset");
    for (const format of ["parquet", "fhir"]) {
      const nowhere = join(dir, "missing", `out.${format}`);
      const refused = await run(
        [
          "export",
          "--db",
          db,
          "--format",
          format,
          ...(format === "parquet" ? ["--dataset", "measures"] : []),
          "--out",
          nowhere,
        ],
        testIo(dir),
      );
      expect(refused.code).toBe(EXIT_CODES.USAGE);
      expect(refused.stderr).toContain(`cannot write ${nowhere} (ENOENT)`);
    }
    const noDataset = await run(["export", "--db", db, "--format", "parquet"], testIo(dir));
    expect(noDataset.code).toBe(EXIT_CODES.USAGE);
    expect(noDataset.stderr).toContain("needs --dataset");
  });

  it("logs out: revokes the access at Withings and forgets the tokens", async () => {
    const { server, user, dir, db } = await loggedIn();
    expect(await apiStatus(server, user.access_token)).toBe(0);
    const result = await run(["logout", ...appFlags(server, db)], testIo(dir));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Revoked the app's access for user ${user.userid}`);
    expect(await apiStatus(server, user.access_token)).toBe(401);
    const status = await run(["status", "--db", db, "--json"], testIo(dir));
    expect(JSON.parse(status.stdout)).toEqual({ database: db, users: [] });
    expect(result.stdout + result.stderr).not.toContain(CLIENT_SECRET);
  });

  it("keeps the tokens when the revoke is refused for a wrong secret: nothing was revoked", async () => {
    const { server, user, dir, db } = await loggedIn();
    const flags = appFlags(server, db).map((f) => (f === CLIENT_SECRET ? "not-the-secret" : f));
    const result = await run(["logout", ...flags], testIo(dir));
    expect(result.code).not.toBe(0);
    expect(result.stderr).not.toContain("not-the-secret");
    // Still logged in, and still able to revoke once the secret is right.
    expect(await apiStatus(server, user.access_token)).toBe(0);
    const again = await run(["logout", ...appFlags(server, db)], testIo(dir));
    expect(again.code).toBe(0);
    expect(await apiStatus(server, user.access_token)).toBe(401);
  });

  it("exits 4 when nobody is logged in or a user must log in again", async () => {
    const server = await sandboxServer();
    const dir = await tempDir();
    const db = join(dir, "w.db");
    const nobody = await run(["sync", ...appFlags(server, db)], testIo(dir));
    expect(nobody.code).toBe(EXIT_CODES.AUTH);
    expect(nobody.stderr).toContain("nobody is logged in");

    // Tokens the sandbox never issued: the access token is refused and so is the refresh.
    const dead = join(dir, "dead.json");
    await writeFile(
      dead,
      JSON.stringify({
        userid: "31337",
        access_token: "dead-access-token",
        refresh_token: "dead-refresh-token",
      }),
    );
    expect(
      (await run(["login", "--import-tokens", dead, ...appFlags(server, db)], testIo(dir))).code,
    ).toBe(0);
    const revoked = await run(["sync", ...appFlags(server, db)], testIo(dir));
    expect(revoked.code).toBe(EXIT_CODES.AUTH);
    expect(revoked.stderr).toContain("log in again for 31337: withings login");
    expect(revoked.stderr).not.toContain("dead-refresh-token");
  });
});
