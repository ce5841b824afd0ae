import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
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

describe("exit codes", () => {
  it("2 for bad flags, unknown commands and invalid values", async () => {
    const dir = await tempDir();
    const cases: string[][] = [
      ["sync", "--bogus"],
      ["frobnicate"],
      [],
      ["export", "--dataset", "measures", "--format", "xml"],
      ["export", "--format", "csv"],
      ["sync", "--datasets", "measures,bogus"],
      ["sync", "--since", "2024-02-31"],
      ["sync", "--reconcile-days", "-3"],
      ["sandbox", "--port", "70000"],
      ["demo", "--years", "0"],
      ["login", "--cloud", "ftp://example.com"],
    ];
    for (const argv of cases) {
      const result = await run(argv, testIo(dir));
      expect(result.code, argv.join(" ")).toBe(EXIT_CODES.USAGE);
      expect(result.stderr, argv.join(" ")).not.toMatch(NO_STACK);
    }
    const unknown = await run(["sync", "--bogus"], testIo(dir));
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    const dataset = await run(["sync", "--datasets", "bogus"], testIo(dir));
    expect(dataset.stderr).toContain('unknown dataset "bogus"');
  });

  it("0 for --help and --version", async () => {
    const dir = await tempDir();
    const help = await run(["--help"], testIo(dir));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Commands:[\s\S]*login[\s\S]*demo/);
    expect(help.stdout).toContain("Exit codes:");
    const sub = await run(["export", "--help"], testIo(dir));
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain("--format <format>");
    const version = await run(["--version"], testIo(dir));
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("3 for missing credentials, naming where they can come from", async () => {
    const dir = await tempDir();
    const db = join(dir, "w.db");
    for (const command of ["login", "sync", "logout"]) {
      const result = await run([command, "--db", db, "--client-id", CLIENT_ID], testIo(dir));
      expect(result.code, command).toBe(EXIT_CODES.CONFIG);
      expect(result.stderr).toContain("missing credentials: no client secret");
      expect(result.stderr).toContain("WITHINGS_CLIENT_SECRET");
      expect(result.stderr).not.toMatch(NO_STACK);
    }
  });

  it("3 for a config file that is missing, not JSON or has unknown keys", async () => {
    const dir = await tempDir();
    const config = join(dir, "config.json");
    const missing = await run(["status", "--config", config], testIo(dir));
    expect(missing.code).toBe(EXIT_CODES.CONFIG);
    expect(missing.stderr).toContain("cannot read the config file");

    await writeFile(config, '{"clientSecret": "s3cret-in-a-broken-file",');
    const broken = await run(["status", "--config", config], testIo(dir));
    expect(broken.code).toBe(EXIT_CODES.CONFIG);
    expect(broken.stderr).toContain("is not valid JSON");
    expect(broken.stderr).not.toContain("s3cret");

    await writeFile(config, '{"clientSecret": "x", "clientSecert": "typo"}');
    const typo = await run(["status", "--config", config], testIo(dir));
    expect(typo.code).toBe(EXIT_CODES.CONFIG);
    expect(typo.stderr).toContain('unknown key "clientSecert"');
  });

  it("reads credentials from the environment and the config file, flags first", async () => {
    const server = await sandboxServer();
    const dir = await tempDir();
    const config = join(dir, "config.json");
    await writeFile(
      config,
      JSON.stringify({
        clientId: CLIENT_ID,
        clientSecret: "wrong-secret",
        cloud: server.url,
        db: "cfg.db",
      }),
    );
    await chmod(config, 0o644);
    const user = await createUser(server);
    const tokens = join(dir, "t.json");
    await writeFile(tokens, JSON.stringify(user));
    const io = testIo(dir);
    const env = { ...io.env, WITHINGS_CONFIG: config, WITHINGS_CLIENT_SECRET: CLIENT_SECRET };
    const login = await run(["login", "--import-tokens", tokens], { ...io, env });
    expect(login.code).toBe(0);
    // The relative db of the config file is next to it; the env secret won over the file's.
    expect(login.stdout).toContain(`Tokens stored in ${join(dir, "cfg.db")}`);
    expect(login.stderr).toContain("holds the client secret and others can read it");
    const sync = await run(["sync", "--datasets", "devices"], { ...testIo(dir), env });
    expect(sync.code).toBe(0);
  });

  it("4 for a login that needs the user and does not get them", async () => {
    const server = await sandboxServer();
    const dir = await tempDir();
    const result = await run(
      ["login", "--timeout", "1", ...appFlags(server, join(dir, "w.db"))],
      testIo(dir, { openUrl: async () => {} }),
    );
    expect(result.code).toBe(EXIT_CODES.AUTH);
    expect(result.stderr).toContain("no login redirect within 1 s");
  });

  it("6 for a corrupt database file, left untouched", async () => {
    const dir = await tempDir();
    const db = join(dir, "corrupt.db");
    const garbage = "this is not an SQLite database, just some text written over it\n".repeat(64);
    await writeFile(db, garbage);
    for (const argv of [
      ["status", "--db", db],
      ["export", "--db", db, "--dataset", "measures", "--format", "csv"],
      ["sync", "--db", db, "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET],
    ]) {
      const result = await run(argv, testIo(dir));
      expect(result.code, argv[0]).toBe(EXIT_CODES.DATABASE);
      expect(result.stderr).toContain("not a Withings Kit SQLite database or it is damaged");
      expect(result.stderr).not.toMatch(NO_STACK);
    }
    expect(await readFile(db, "utf8")).toBe(garbage);
  });

  it("6 for a database that does not exist where one is read", async () => {
    const dir = await tempDir();
    const result = await run(["status", "--db", join(dir, "nothing.db")], testIo(dir));
    expect(result.code).toBe(EXIT_CODES.DATABASE);
    expect(result.stderr).toContain("no database at");
  });

  it("5 for an unreachable API, keeping the tokens and printing no secret", async () => {
    const server = await sandboxServer();
    const user = await createUser(server);
    const dir = await tempDir();
    const db = join(dir, "w.db");
    const tokens = join(dir, "t.json");
    await writeFile(tokens, JSON.stringify(user));
    expect(
      (await run(["login", "--import-tokens", tokens, ...appFlags(server, db)], testIo(dir))).code,
    ).toBe(0);

    const dead = `http://127.0.0.1:${await closedPort()}`;
    const flags = [...appFlags(server, db)];
    flags[flags.indexOf("--cloud") + 1] = dead;
    const result = await run(["logout", ...flags], testIo(dir));
    expect(result.code).toBe(EXIT_CODES.UNREACHABLE);
    expect(result.stderr).toContain(`cannot reach ${dead}`);
    expect(result.stderr).not.toMatch(NO_STACK);
    expect(result.stderr).not.toContain(CLIENT_SECRET);
    const status = await run(["status", "--db", db, "--json"], testIo(dir));
    expect((JSON.parse(status.stdout) as { users: unknown[] }).users).toHaveLength(1);
  });
});
