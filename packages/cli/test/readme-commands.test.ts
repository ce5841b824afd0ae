// "Every command any README shows must work as written right after set-up." This runs each
// shell line of the READMEs and docs, as the reader would type it after `npm ci && npm run
// demo` and `export PATH="$PWD/node_modules/.bin:$PATH"`: through bash, with the clone's
// linked `withings` and `withings-sandbox` (the built dist/) first on the PATH, in a fresh
// working directory and home, against a sandbox. A line that is neither run nor excluded
// below, or an entry below whose line is gone, fails the first test.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type SandboxServer, startSandboxServer } from "@withings-kit/sandbox/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../server/test/helpers/free-port.js";
import { TEST_DATABASE_URL } from "../../sync/test/helpers/postgres-schema.js";
import { CLIENT_ID, CLIENT_SECRET, createUser, TEST_LIMIT } from "./_helpers.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** A shell line of a fenced sh/bash block, with the `export` lines before it in its section. */
interface ShellLine {
  readonly file: string;
  readonly text: string;
  readonly exports: readonly string[];
}

/** The Markdown files whose commands must work: the READMEs and the docs. */
async function documents(): Promise<string[]> {
  const packages = await readdir(join(root, "packages"));
  const docs = (await readdir(join(root, "docs"))).filter((f) => f.endsWith(".md"));
  const candidates = [
    "README.md",
    ...packages.map((p) => `packages/${p}/README.md`),
    ...docs.map((d) => `docs/${d}`),
  ];
  const found: string[] = [];
  for (const file of candidates) {
    if (
      await readFile(join(root, file)).then(
        () => true,
        () => false,
      )
    )
      found.push(file);
  }
  return found;
}

/**
 * Every line of the `sh`/`bash` blocks: continuation lines joined, comments after ` #` and
 * comment-only lines dropped. A line that appears twice in one file is kept once (with the
 * exports of its first section: the blocks under one heading are one shell session).
 */
async function shellLines(): Promise<ShellLine[]> {
  const lines: ShellLine[] = [];
  const seen = new Set<string>();
  for (const file of await documents()) {
    const markdown = await readFile(join(root, file), "utf8");
    let exports: string[] = [];
    let inBlock = false;
    let pending = "";
    for (const raw of markdown.split("\n")) {
      const line = raw.trim();
      if (!inBlock) {
        // A heading starts a new shell session: a section's exports hold for its blocks.
        if (line.startsWith("#")) exports = [];
        if (/^```(sh|bash)$/.test(line)) inBlock = true;
        continue;
      }
      if (line.startsWith("```")) {
        inBlock = false;
        continue;
      }
      if (line.endsWith("\\")) {
        pending += `${line.slice(0, -1).trim()} `;
        continue;
      }
      const text = `${pending}${line}`.replace(/(^|\s+)#.*$/, "").trim();
      pending = "";
      if (text === "") continue;
      if (!seen.has(key(file, text))) lines.push({ file, text, exports: [...exports] });
      seen.add(key(file, text));
      if (text.startsWith("export ")) exports.push(text);
    }
  }
  return lines;
}

const key = (file: string, text: string): string => `${file}: ${text}`;

const ROOT = "README.md";
const CLI = "packages/cli/README.md";
const SANDBOX = "packages/sandbox/README.md";
const DEPLOY = "docs/deploy.md";

/**
 * Lines no test can run, and why. Each must still be in its file, so the table cannot rot.
 * (`export` lines are not listed: they run before the lines after them in their section.)
 */
const EXCLUDED: readonly (readonly [file: string, text: string, reason: string])[] = [
  [ROOT, "npm ci && npm run demo", "the set-up itself: this test runs in the state it leaves"],
  [ROOT, "npm test", "the whole test suite, this file included"],
  [ROOT, "npm run build", "the set-up's build, done before this test runs"],
  [ROOT, "npm run lint", "a development check of the clone, not a command of ours"],
  [ROOT, "npm run typecheck", "a development check of the clone, not a command of ours"],
  [ROOT, "npm run test:quick", "the test suite again"],
  [
    ROOT,
    'export PATH="$PWD/node_modules/.bin:$PATH"',
    "the set-up: the test puts the clone's node_modules/.bin first on the PATH itself ($PWD is a temporary directory here)",
  ],
  [CLI, "npm install --global @withings-kit/cli", "the package is not published"],
  ["packages/client/README.md", "npm install @withings-kit/client", "not published"],
  [
    "packages/sync/README.md",
    "duckdb -c \"SELECT user_id, date, key, value FROM 'measures.parquet' ORDER BY date DESC LIMIT 5\"",
    "needs the duckdb program, not installed here (the Parquet tests read with DuckDB's library)",
  ],
  [
    "packages/sync/README.md",
    "python -c \"import pandas as pd; print(pd.read_parquet('measures.parquet').head())\"",
    "needs Python with pandas, not installed here",
  ],
];

/** How a line is run: to its end (exit code), or started until ready, then stopped. */
type Step =
  | { readonly file: string; readonly text: string; readonly exit?: number }
  | {
      readonly file: string;
      readonly text: string;
      /** Output (stdout and stderr) that says it is up. */
      readonly ready: RegExp;
      /** Also wait until the browser shim was handed a URL matching this. */
      readonly opens?: RegExp;
      /** The exit code after SIGTERM. */
      readonly stopExit: number;
    };

/**
 * The lines to run, in order, with state between them: the demo first, then logins by
 * imported tokens, syncs, reads of the synced data, logouts, browser logins, the service,
 * and the service on PostgreSQL.
 */
const STEPS: readonly Step[] = [
  { file: ROOT, text: "withings --help" },
  { file: CLI, text: "withings --help" },
  { file: CLI, text: "withings demo" },
  { file: CLI, text: "withings status --db ~/.local/share/withings-kit/demo.db" },
  {
    file: CLI,
    text: "withings export --db ~/.local/share/withings-kit/demo.db --dataset measures --format csv | head",
  },
  { file: CLI, text: "withings demo --years 5 --db demo.db --force" },
  {
    file: ROOT,
    text: "withings-sandbox --port 8787 --seed 42",
    ready: /listening on/,
    stopExit: 0,
  },
  {
    file: SANDBOX,
    text: "withings-sandbox --port 8787 --seed 42",
    ready: /listening on/,
    stopExit: 0,
  },
  { file: CLI, text: "withings sandbox", ready: /running at/, stopExit: 0 },
  {
    file: CLI,
    text: "withings sandbox --port 8787 --seed 7 --rate-limit 3000",
    ready: /running at/,
    stopExit: 0,
  },
  {
    file: ROOT,
    text: `curl -s -X POST http://127.0.0.1:8787/_sandbox/users -H 'content-type: application/json' -d '{"profile":"vitals-study","years":1}'`,
  },
  {
    file: SANDBOX,
    text: `curl -s -X POST http://127.0.0.1:8787/_sandbox/users -H 'content-type: application/json' -d '{"profile":"vitals-study","years":1}'`,
  },
  {
    file: SANDBOX,
    text: 'curl -s http://127.0.0.1:8787/measure -H "Authorization: Bearer $ACCESS_TOKEN" -d action=getmeas -d meastypes=9,10,11',
  },
  { file: CLI, text: "withings login --import-tokens tokens.json" },
  {
    file: CLI,
    text: `curl -s -X POST "$SANDBOX/_sandbox/users" -d '{"years":2}' | withings login --import-tokens -`,
  },
  { file: CLI, text: "withings sync" },
  { file: CLI, text: "withings sync --user 12345 --user 67890" },
  { file: CLI, text: "withings sync --datasets measures,sleep_summaries" },
  { file: CLI, text: "withings sync --since 2024-01-01" },
  { file: CLI, text: "withings sync --reconcile-days 90" },
  { file: CLI, text: `withings sync --json | jq -c 'select(.type == "report") | .totals'` },
  { file: CLI, text: "withings status" },
  { file: CLI, text: "withings status --json" },
  { file: CLI, text: "withings export --dataset measures --format csv > measures.csv" },
  {
    file: CLI,
    text: "withings export --dataset sleep --format ndjson --user 12345 --from 2024-01-01 --to 2024-02-01",
  },
  { file: CLI, text: "withings export --dataset ecg_signal --format json --out ecg.json" },
  { file: CLI, text: "withings export --dataset intraday --format parquet --out intraday.parquet" },
  { file: CLI, text: "withings export --format fhir --out vitals.ndjson" },
  { file: CLI, text: "withings export --format fhir-bundle --user 12345 --out bundle.json" },
  {
    file: ROOT,
    text: "withings export --dataset measures --format parquet --out measures.parquet",
  },
  { file: ROOT, text: "withings export --format fhir --out vitals.ndjson" },
  {
    file: ROOT,
    text: "withings dashboard --open",
    ready: /dashboard at/,
    opens: /^http:\/\/127\.0\.0\.1:8789\//,
    stopExit: 0,
  },
  { file: CLI, text: "withings logout --user 12345" },
  { file: CLI, text: "withings logout" },
  // After the logouts, so that `withings logout` above finds "the only logged-in user": the
  // browser shim approves the sandbox's consent page, as a user would.
  { file: CLI, text: "withings login" },
  { file: CLI, text: "withings login --no-browser", ready: /authorize2\?/, stopExit: 130 },
  {
    file: CLI,
    text: "withings login --cloud us",
    ready: /Waiting for the login redirect/,
    opens: /^https:\/\/account\.us\.withingsmed\.com\/oauth2_user\/authorize2\?/,
    stopExit: 130,
  },
  { file: CLI, text: "withings login --db sandbox.db" },
  { file: CLI, text: "withings sync --db sandbox.db" },
  {
    file: ROOT,
    text: "withings serve --db study.db --port 8787 --public-url https://kit.example.org",
    ready: /listening on/,
    stopExit: 0,
  },
  {
    file: CLI,
    text: "withings serve --db study.db --port 8787 --public-url https://kit.example.org",
    ready: /listening on/,
    stopExit: 0,
  },
  { file: CLI, text: "withings migrate --db study.db --json" },
  { file: CLI, text: "withings dashboard --db study.db", ready: /dashboard at/, stopExit: 0 },
  {
    file: CLI,
    text: "withings dashboard --db demo.db --port 0 --open",
    ready: /dashboard at/,
    opens: /^http:\/\/127\.0\.0\.1:\d+\//,
    stopExit: 0,
  },
  { file: DEPLOY, text: "withings migrate" },
  {
    file: DEPLOY,
    text: "withings serve --port 8787 --public-url https://kit.example.org --concurrency 0",
    ready: /listening on/,
    stopExit: 0,
  },
  { file: DEPLOY, text: "withings worker --port 8788", ready: /worker on/, stopExit: 0 },
  {
    file: CLI,
    text: "withings worker --port 8788 --concurrency 4",
    ready: /worker on/,
    stopExit: 0,
  },
  { file: CLI, text: "withings migrate --db postgres://kit@db.internal:5432/withings" },
];

// The test's state, set up in beforeAll.
let sandbox: SandboxServer;
let dir: string;
let home: string;
let work: string;
let opened: string;
let databaseName: string;
let admin: pg.Client;
/** The user of `tokens.json`, stands for `12345`. */
let userA: string;
/** The user the README's `curl … | withings login --import-tokens -` creates, stands for `67890`. */
let userB: string | undefined;
let accessToken: string;
let redirectPort: number;
const running = new Set<ChildProcess>();

/**
 * The README's placeholders for the reader's own values, and what stands for them here. Each
 * is replaced in the line (and its block's exports) before it runs.
 */
async function substitute(script: string): Promise<string> {
  // Each port a line names gets a free one: 8787 (serve, the sandbox), 8788 (worker), 8765
  // (the login's redirect); two runs must not collide with each other or the machine.
  const ports = new Map<string, number>();
  for (const port of ["8787", "8788", "8765"]) ports.set(port, await freePort());
  return (
    script
      // The sandbox the reader started at 127.0.0.1:8787 is the test's sandbox.
      .replaceAll("http://127.0.0.1:8787", sandbox.url)
      // The service's public https origin is its own loopback address: it checks its
      // callback through it, and a test has no domain.
      .replaceAll("https://kit.example.org", `http://127.0.0.1:${ports.get("8787")}`)
      .replace(/\b(8787|8788|8765)\b/g, (port) => String(ports.get(port)))
      // The reader's app credentials (`…`) are the sandbox's default app.
      .replaceAll("WITHINGS_CLIENT_ID=…", `WITHINGS_CLIENT_ID=${CLIENT_ID}`)
      .replaceAll("WITHINGS_CLIENT_SECRET=…", `WITHINGS_CLIENT_SECRET=${CLIENT_SECRET}`)
      // The reader's PostgreSQL is a throwaway database on the test server.
      .replaceAll("postgres://kit@db.internal:5432/withings", databaseUrl())
      // The reader's user ids are the sandbox users logged in above.
      .replace(/\b12345\b/g, userA)
      .replace(/\b67890\b/g, () => {
        if (userB === undefined) throw new Error("67890 is used before its user logged in");
        return userB;
      })
  );
}

function databaseUrl(): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

/** The environment right after set-up, with the sandbox's settings the CLI README exports. */
function environment(): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(WITHINGS_|DATABASE_URL$|PG|NODE_OPTIONS$|VITEST)/.test(name),
    ),
  );
  return {
    ...inherited,
    PATH: `${join(root, "node_modules", ".bin")}:${join(dir, "shim")}:${process.env["PATH"] ?? ""}`,
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_DATA_HOME: join(home, ".local", "share"),
    // `export WITHINGS_CLOUD=… WITHINGS_RATE_LIMIT=3000` (the `withings sandbox` section).
    WITHINGS_CLOUD: sandbox.url,
    WITHINGS_CLIENT_ID: CLIENT_ID,
    WITHINGS_CLIENT_SECRET: CLIENT_SECRET,
    WITHINGS_RATE_LIMIT: "3000",
    // `export … WITHINGS_REDIRECT_URI=http://127.0.0.1:8765/callback` (a real app), on a
    // free port.
    WITHINGS_REDIRECT_URI: `http://127.0.0.1:${redirectPort}/callback`,
    // `$SANDBOX` and `$ACCESS_TOKEN` (the sandbox's URL, a created user's access token).
    SANDBOX: sandbox.url,
    ACCESS_TOKEN: accessToken,
    READMES_OPENED: opened,
  };
}

/** The line as bash runs it: its section's exports first, placeholders replaced. */
function script(line: ShellLine, exec: boolean): Promise<string> {
  return substitute([...line.exports, `${exec ? "exec " : ""}${line.text}`].join("\n"));
}

function spawnLine(text: string): ChildProcess {
  const child = spawn("bash", ["-o", "pipefail", "-c", text], {
    cwd: work,
    env: environment(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once("exit", (code) => done(code)));
}

async function runToEnd(text: string): Promise<{ code: number | null; output: string }> {
  const child = spawnLine(text);
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const code = await exited(child);
  return { code, output };
}

async function openedUrls(): Promise<string[]> {
  const text = await readFile(opened, "utf8").catch(() => "");
  return text.split("\n").filter((l) => l !== "");
}

async function until(what: string, test: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The browser: records each URL it is handed; on the sandbox's consent page it approves for
// a new user and follows the redirect to the CLI, as a user clicking "Allow" would. No real
// browser starts, and nothing but the loopback sandbox is fetched.
const XDG_OPEN = `#!/usr/bin/env bash
printf '%s\\n' "$1" >> "$READMES_OPENED"
case "$1" in
  "$SANDBOX"/oauth2_user/authorize2\\?*)
    curl -s -L -o /dev/null "$1&sandbox_user=new&sandbox_approve=1" ;;
esac
`;

beforeAll(async () => {
  redirectPort = await freePort();
  dir = await mkdtemp(join(tmpdir(), "withings-readme-commands-"));
  home = join(dir, "home");
  work = join(dir, "work");
  opened = join(dir, "opened.txt");
  await mkdir(work, { recursive: true });
  await mkdir(join(dir, "shim"));
  await mkdir(home);
  await writeFile(join(dir, "shim", "xdg-open"), XDG_OPEN);
  await chmod(join(dir, "shim", "xdg-open"), 0o755);
  sandbox = await startSandboxServer({
    port: 0,
    seed: 42,
    rateLimit: { limit: TEST_LIMIT, windowSeconds: 60 },
    duplicateWindowSeconds: 0,
  });
  // `tokens.json` is the reader's own token answer: a sandbox user's.
  const a = await createUser(sandbox, { years: 0.2 });
  userA = a.userid;
  await writeFile(join(work, "tokens.json"), JSON.stringify(a));
  accessToken = (await createUser(sandbox, { years: 0.1 })).access_token;
  databaseName = `readme_${randomBytes(6).toString("hex")}`;
  admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
});

afterAll(async () => {
  for (const child of running) child.kill("SIGKILL");
  await sandbox?.close();
  if (admin !== undefined) {
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe("every command the READMEs show works as written after set-up", () => {
  it("runs or excludes every shell line, and every listed line still exists", async () => {
    const lines = (await shellLines()).map((l) => key(l.file, l.text));
    const planned = new Set([
      ...STEPS.map((s) => key(s.file, s.text)),
      ...EXCLUDED.map(([file, text]) => key(file, text)),
    ]);
    const exportsRun = new Set(
      (await shellLines())
        .filter((l) => planned.has(key(l.file, l.text)))
        .flatMap((l) => l.exports.map((e) => key(l.file, e))),
    );
    expect(lines.filter((l) => !planned.has(l) && !exportsRun.has(l))).toEqual([]);
    expect([...planned].filter((l) => !lines.includes(l))).toEqual([]);
  });

  for (const step of STEPS) {
    it(`${step.file}: ${step.text}`, { timeout: 300_000 }, async () => {
      const line = (await shellLines()).find((l) => l.file === step.file && l.text === step.text);
      if (line === undefined) throw new Error("the line is gone from its file");
      if (!("ready" in step)) {
        const before = new Set(sandbox.sandbox.users().map((u) => String(u.userid)));
        const { code, output } = await runToEnd(await script(line, false));
        expect({ code, output }).toMatchObject({ code: step.exit ?? 0 });
        // curl says nothing of the answer's status: the body must be a success.
        if (/^curl [^|]*$/.test(line.text)) expect(output).toMatch(/"status":0|"access_token"/);
        if (line.text.includes("$SANDBOX/_sandbox/users")) {
          userB = sandbox.sandbox
            .users()
            .map((u) => String(u.userid))
            .find((id) => !before.has(id));
        }
        return;
      }
      const seen = (await openedUrls()).length;
      const child = spawnLine(await script(line, true));
      let output = "";
      child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
      child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
      await until(`${step.ready} in the output`, () => {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}:\n${output}`);
        return step.ready.test(output);
      });
      const opens = step.opens;
      if (opens !== undefined) {
        await until(`a URL handed to the browser`, async () =>
          (await openedUrls()).slice(seen).some((u) => opens.test(u)),
        );
      }
      child.kill("SIGTERM");
      expect({ code: await exited(child), output }).toMatchObject({ code: step.stopExit });
    });
  }
});
