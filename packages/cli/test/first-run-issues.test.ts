// Regression tests for the defects a new user met on a first run (issue tracker: file
// modes, secrets in errors, a status that wrote, damaged and read-only databases, ordinary
// mistakes reported as bugs, and a status that called a dead login valid).

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, chown, mkdir, open, readFile, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sqliteServiceDatabase } from "@withings-kit/server";
import { sqliteHandle } from "@withings-kit/sync/internal";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { redactUrlCredentials } from "../src/output/redact-url-credentials.js";
import {
  appFlags,
  CLIENT_ID,
  CLIENT_SECRET,
  closedPort,
  createUser,
  run,
  sandboxServer,
  tempDir,
  testIo,
} from "./_helpers.js";

const NO_STACK = /\n\s+at /;
const PASSWORD = "hunter2-not-for-print";
const isRoot = process.getuid?.() === 0;

async function loggedIn(years = 0.1): Promise<{
  dir: string;
  db: string;
  flags: (db?: string) => string[];
  tokens: string;
  userId: string;
}> {
  const server = await sandboxServer();
  const user = await createUser(server, { years });
  const dir = await tempDir();
  const db = join(dir, "w.db");
  const tokens = join(dir, "t.json");
  await writeFile(tokens, JSON.stringify(user));
  const login = await run(
    ["login", "--import-tokens", tokens, ...appFlags(server, db)],
    testIo(dir),
  );
  expect(login.code, login.stderr).toBe(0);
  return { dir, db, flags: (d = db) => appFlags(server, d), tokens, userId: user.userid };
}

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;
const digest = async (path: string): Promise<string> =>
  createHash("sha256")
    .update(await readFile(path))
    .digest("hex");

describe("issue: an existing database keeps a mode others can read", () => {
  it("creates a new database 0600", async () => {
    const { db } = await loggedIn();
    expect(await modeOf(db)).toBe(0o600);
  });

  it("makes an existing 0644 database private before writing tokens, and says so once", async () => {
    const { dir, db, flags, tokens } = await loggedIn();
    await chmod(db, 0o644);
    const first = await run(["login", "--import-tokens", tokens, ...flags()], testIo(dir));
    expect(first.code, first.stderr).toBe(0);
    expect(await modeOf(db)).toBe(0o600);
    expect(first.stderr.match(/made private \(0600\)/g)).toHaveLength(1);
    expect(first.stderr).toContain("mode 0644");
    const second = await run(["login", "--import-tokens", tokens, ...flags()], testIo(dir));
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain("made private");
  });

  it("only warns on a command that reads, and changes nothing", async () => {
    const { dir, db } = await loggedIn();
    await chmod(db, 0o640);
    const status = await run(["status", "--db", db], testIo(dir));
    expect(status.code).toBe(0);
    expect(status.stderr).toContain("other users of this machine can read");
    expect(await modeOf(db)).toBe(0o640);
  });

  // Only root can give the file to another owner, which is what a user meets when the
  // database was copied by someone else.
  it.skipIf(!isRoot)("refuses a database it cannot make private (another owner)", async () => {
    const { dir, db, flags } = await loggedIn();
    await chmod(db, 0o644);
    await chown(db, 65534, 65534);
    const before = await digest(db);
    const sync = await run(["sync", ...flags()], testIo(dir));
    expect(sync.code).toBe(EXIT_CODES.DATABASE);
    expect(sync.stderr).toContain(
      "is readable by other users (mode 0644) and cannot be made private",
    );
    expect(sync.stderr).not.toMatch(NO_STACK);
    expect(await modeOf(db)).toBe(0o644);
    expect(await digest(db)).toBe(before);
  });
});

describe("issue: a password in --cloud is printed in an error", () => {
  it("masks a URL's password in any text", () => {
    expect(redactUrlCredentials(`cannot reach http://kit:${PASSWORD}@proxy:8080/v2`)).toBe(
      "cannot reach http://kit:***@proxy:8080/v2",
    );
    expect(redactUrlCredentials(`'https://u:p@ss:${PASSWORD}@h/'`)).toBe("'https://u:***@h/'");
    // A user name alone is not a secret (a PostgreSQL place is shown that way).
    expect(redactUrlCredentials("postgres://kit@db.internal/withings")).toBe(
      "postgres://kit@db.internal/withings",
    );
  });

  it("never prints the password, from a flag, the environment or a config file", async () => {
    const dir = await tempDir();
    const port = await closedPort();
    const cases: { argv: string[]; env?: Record<string, string>; code: number }[] = [
      {
        argv: ["sync", "--cloud", `http://user:${PASSWORD}@127.0.0.1:${port}`],
        code: EXIT_CODES.USAGE,
      },
      { argv: ["login", "--cloud", `ftp://user:${PASSWORD}@example.com`], code: EXIT_CODES.USAGE },
      {
        argv: ["doctor"],
        env: { WITHINGS_CLOUD: `http://user:${PASSWORD}@127.0.0.1:${port}` },
        code: EXIT_CODES.CONFIG,
      },
      {
        argv: ["sync"],
        env: { WITHINGS_CLOUD: `gopher://user:${PASSWORD}@127.0.0.1:${port}` },
        code: EXIT_CODES.CONFIG,
      },
    ];
    for (const { argv, env, code } of cases) {
      const io = testIo(dir);
      const result = await run(
        [
          ...argv,
          "--client-id",
          CLIENT_ID,
          "--client-secret",
          CLIENT_SECRET,
          "--db",
          join(dir, "w.db"),
        ],
        env === undefined ? io : { ...io, env: { ...io.env, ...env } },
      );
      expect(result.code, argv.join(" ")).toBe(code);
      expect(result.stdout + result.stderr, argv.join(" ")).not.toContain(PASSWORD);
      expect(result.stderr).toContain("user:***@");
    }
  });
});

describe("issue: status, meant to only read, writes a schema into an empty file", () => {
  it("refuses an empty or missing file with exit 6 for status, export and dashboard, creating nothing", async () => {
    const dir = await tempDir();
    const empty = join(dir, "empty.db");
    await writeFile(empty, "");
    const missing = join(dir, "missing.db");
    for (const db of [empty, missing]) {
      for (const argv of [
        ["status", "--db", db],
        ["export", "--db", db, "--dataset", "measures", "--format", "csv"],
        ["dashboard", "--db", db, "--port", "0"],
      ]) {
        const result = await run(argv, testIo(dir));
        expect(result.code, argv.join(" ")).toBe(EXIT_CODES.DATABASE);
        expect(result.stderr).toContain(`no database at ${db}`);
      }
    }
    expect((await stat(empty)).size).toBe(0);
    await expect(stat(missing)).rejects.toThrow();
    await expect(stat(`${empty}-wal`)).rejects.toThrow();
  });
});

describe("issue: a database with damaged pages is written to by sync and login", () => {
  it("is refused with the same message by every command, and left as it was", async () => {
    const { dir, db, flags, tokens } = await loggedIn(0.5);
    expect((await run(["sync", ...flags()], testIo(dir))).code).toBe(0);
    // Garbage over a b-tree page of a table that holds rows: what a bad disk block does.
    const store = openSqliteStore(db);
    const pageSize = sqliteHandle(store).database.pragma("page_size", { simple: true }) as number;
    const pageCount = sqliteHandle(store).database.pragma("page_count", { simple: true }) as number;
    const root = sqliteHandle(store)
      .database.prepare(
        "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'tokens'",
      )
      .pluck()
      .get() as number;
    await store.close();
    expect(pageCount).toBeGreaterThan(root);
    const file = await open(db, "r+");
    await file.write(Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    await file.close();
    const before = await digest(db);

    const messages = new Set<string>();
    for (const argv of [
      ["status", "--db", db],
      ["export", "--db", db, "--dataset", "measures", "--format", "csv"],
      ["sync", ...flags()],
      ["login", "--import-tokens", tokens, ...flags()],
      ["migrate", "--db", db],
    ]) {
      const result = await run(argv, testIo(dir));
      expect(result.code, `${argv[0]}: ${result.stderr}`).toBe(EXIT_CODES.DATABASE);
      expect(result.stdout, argv[0]).toBe("");
      expect(result.stderr).not.toMatch(NO_STACK);
      messages.add(result.stderr);
    }
    expect([...messages]).toHaveLength(1);
    expect([...messages][0]).toContain("not a Withings Kit SQLite database or it is damaged");
    expect(await digest(db)).toBe(before);
  });
});

describe("issue: a read-only database cannot be read by status and export", () => {
  it("reads through SQLite's read-only open without writing a byte", async () => {
    const { dir, db, userId } = await loggedIn();
    const before = await digest(db);
    await chmod(db, 0o444);
    await chmod(dir, 0o555);
    try {
      const status = await run(["status", "--db", db, "--json"], testIo(dir));
      expect(status.code, status.stderr).toBe(0);
      expect((JSON.parse(status.stdout) as { users: { userId: string }[] }).users[0]?.userId).toBe(
        userId,
      );
      const csv = await run(
        ["export", "--db", db, "--dataset", "devices", "--format", "csv"],
        testIo(dir),
      );
      expect(csv.code, csv.stderr).toBe(0);
      expect(await digest(db)).toBe(before);
    } finally {
      await chmod(dir, 0o700);
    }
  });

  it("refuses a schema older than this version instead of migrating it", async () => {
    const { dir, db } = await loggedIn();
    // A database from the version before the last migration.
    const store = openSqliteStore(db);
    sqliteHandle(store).database.exec(
      "DELETE FROM schema_migrations WHERE name = (SELECT max(name) FROM schema_migrations)",
    );
    await store.close();
    const before = await digest(db);
    const status = await run(["status", "--db", db], testIo(dir));
    expect(status.code).toBe(EXIT_CODES.DATABASE);
    expect(status.stderr).toContain("the schema is older than this version");
    expect(status.stderr).toContain("withings migrate --db");
    expect(await digest(db)).toBe(before);
  });

  // Root reads any file, so an in-process test cannot meet the permission a user meets;
  // this runs the CLI as `nobody` (uid 65534), who cannot write the directory and for whom
  // SQLite cannot create the WAL's -shm file beside the database.
  it.skipIf(!isRoot)(
    "status and export work for a user who cannot write the directory",
    async () => {
      const { dir, db, userId } = await loggedIn();
      const ro = join(dir, "ro");
      await mkdir(ro);
      const copy = join(ro, "w.db");
      await writeFile(copy, await readFile(db));
      await chmod(copy, 0o444);
      await chmod(ro, 0o555);
      await chmod(dir, 0o755);
      const before = await digest(copy);
      const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
      const asNobody = (args: string[]) =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
          const proc = spawn(
            process.execPath,
            [
              "--conditions=source",
              "--import",
              "tsx",
              join(root, "packages/cli/src/bin.ts"),
              ...args,
            ],
            {
              cwd: root,
              uid: 65534,
              gid: 65534,
              env: { PATH: process.env["PATH"], HOME: dir, XDG_CONFIG_HOME: join(dir, "none") },
              stdio: ["ignore", "pipe", "pipe"],
            },
          );
          let stdout = "";
          let stderr = "";
          proc.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
          proc.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
          proc.on("exit", (code) => done({ code, stdout, stderr }));
        });
      const status = await asNobody(["status", "--db", copy, "--json"]);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain(userId);
      const csv = await asNobody([
        "export",
        "--db",
        copy,
        "--dataset",
        "devices",
        "--format",
        "csv",
      ]);
      expect(csv.code, csv.stderr).toBe(0);
      expect(await digest(copy)).toBe(before);
    },
  );
});

describe("issue: ordinary mistakes end in 'please report it'", () => {
  it("says plainly what is wrong, with the documented exit code", async () => {
    const { dir, db, flags } = await loggedIn();
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
    const port = String((busy.address() as { port: number }).port);
    const file = join(dir, "a-file");
    await writeFile(file, "x");
    const env = { WITHINGS_WEBHOOK_TOKEN: "t".repeat(32) };
    try {
      const cases: { argv: string[]; code: number; says: string }[] = [
        { argv: ["sync", "--since", "1969-12-31", ...flags()], code: 2, says: "before 1970" },
        {
          argv: ["serve", "--port", port, ...flags()],
          code: 2,
          says: `port ${port} on 127.0.0.1 is in use`,
        },
        { argv: ["worker", "--port", port, ...flags()], code: 2, says: "is in use" },
        {
          argv: ["serve", "--port", "0", "--host", "192.0.2.1", ...flags()],
          code: 2,
          says: "--host 192.0.2.1 is not an address of this machine",
        },
        {
          argv: ["login", "--redirect-uri", "not a uri", "--no-browser", ...flags()],
          code: 2,
          says: "expected an absolute http(s) URL",
        },
        {
          argv: ["sync", ...flags(join(file, "w.db"))],
          code: EXIT_CODES.DATABASE,
          says: "cannot create the database",
        },
      ];
      for (const { argv, code, says } of cases) {
        const io = testIo(dir);
        const result = await run(argv, { ...io, env: { ...io.env, ...env } });
        expect(result.code, `${argv.join(" ")}: ${result.stderr}`).toBe(code);
        expect(result.stderr).toContain(says);
        expect(result.stderr).not.toContain("please report it");
        expect(result.stderr).not.toMatch(NO_STACK);
      }
    } finally {
      await new Promise((r) => busy.close(r));
    }
    expect((await stat(db)).size).toBeGreaterThan(0);
  });
});

describe("issue: status calls a revoked login valid", () => {
  it("never claims validity, and shows a login the service found refused", async () => {
    const { dir, db, userId } = await loggedIn();
    const plain = await run(["status", "--db", db], testIo(dir));
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("renewed automatically while the login is valid");
    expect(plain.stdout).not.toContain("valid until");

    // What `withings serve` records when the refresh token is refused.
    const store = openSqliteStore(db);
    await sqliteServiceDatabase(store).users.mark(userId, "token-dead", Date.now() / 1000);
    await store.close();
    const dead = await run(["status", "--db", db], testIo(dir));
    expect(dead.stdout).toContain("login: refused at the last token refresh; log in again");
    const json = await run(["status", "--db", db, "--json"], testIo(dir));
    expect((JSON.parse(json.stdout) as { users: { login: string }[] }).users[0]?.login).toBe(
      "refused",
    );
  });
});
