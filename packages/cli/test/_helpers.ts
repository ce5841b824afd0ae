// Shared helpers of the CLI tests (not a test file itself): captured I/O, temporary
// directories, a sandbox server on a loopback port, and a simulated browser.

import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import type { SandboxOptions } from "@withings-kit/sandbox";
import { type SandboxServer, startSandboxServer } from "@withings-kit/sandbox/server";
import { afterEach } from "vitest";
import type { CliIo } from "../src/cli-io.js";
import { runCli } from "../src/run-cli.js";

export const CLIENT_ID = "withings-kit-sandbox";
export const CLIENT_SECRET = "sandbox-secret";
/** Tests raise the quota on both sides so that nothing waits for the rate limit. */
export const TEST_LIMIT = 1_000_000;

/** A writable that keeps what was written, optionally pretending to be a terminal. */
export class Capture extends Writable {
  readonly isTTY: boolean;
  readonly columns = 100;
  #text = "";

  constructor(isTTY = false) {
    super();
    this.isTTY = isTTY;
  }

  override _write(chunk: Buffer | string, _encoding: string, callback: () => void): void {
    this.#text += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    callback();
  }

  get text(): string {
    return this.#text;
  }

  /** Resolves with the first match of `pattern` once it has been written. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.#text.match(pattern);
      if (match) return match;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${pattern} in:\n${this.#text}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/** A CLI run's captured I/O. */
export interface TestIo extends CliIo {
  readonly stdout: Capture;
  readonly stderr: Capture;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh directory, removed after the test; also the home and XDG directories. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "withings-cli-test-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** I/O for one run: captured streams, an isolated environment rooted in `dir`. */
export function testIo(
  dir: string,
  overrides: Partial<Omit<CliIo, "stdout" | "stderr">> & { tty?: boolean; stdinText?: string } = {},
): TestIo {
  const { tty, stdinText, ...rest } = overrides;
  return {
    stdout: new Capture(false),
    stderr: new Capture(tty ?? false),
    stdin: Readable.from(stdinText === undefined ? [] : [stdinText]),
    env: { XDG_CONFIG_HOME: join(dir, "config"), XDG_DATA_HOME: join(dir, "data") },
    platform: "linux",
    homedir: dir,
    cwd: dir,
    openUrl: async () => {
      throw new Error("this test opens no browser");
    },
    ...rest,
  };
}

/** Runs the CLI with captured I/O and returns the exit code and the output. */
export async function run(
  argv: readonly string[],
  io: TestIo,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

/**
 * A sandbox server on a free loopback port, closed after the test. The 10 s duplicate-request
 * guard is off: tests sync twice within seconds, and the client's patient wait for it is the
 * client's business, tested there.
 */
export async function sandboxServer(options: SandboxOptions = {}): Promise<SandboxServer> {
  const server = await startSandboxServer({
    port: 0,
    seed: 42,
    rateLimit: { limit: TEST_LIMIT, windowSeconds: 60 },
    duplicateWindowSeconds: 0,
    ...options,
  });
  cleanups.push(() => server.close());
  return server;
}

/** The flags that point the CLI at a sandbox with the default app. */
export function appFlags(server: SandboxServer, db: string): string[] {
  return [
    "--cloud",
    server.url,
    "--client-id",
    CLIENT_ID,
    "--client-secret",
    CLIENT_SECRET,
    "--rate-limit",
    String(TEST_LIMIT),
    "--db",
    db,
  ];
}

/**
 * The browser, simulated: loads the authorize URL as the consent form submits it on
 * "Allow" (`sandbox_user`, `sandbox_approve=1`) and follows the redirect to the CLI's
 * loopback server. Resolves with the page the loopback server answered.
 */
export function consentBrowser(
  user = "new",
): ((url: string) => Promise<void>) & { readonly pages: Response[] } {
  const pages: Response[] = [];
  const open = async (url: string): Promise<void> => {
    const consent = new URL(url);
    consent.searchParams.set("sandbox_user", user);
    consent.searchParams.set("sandbox_approve", "1");
    const page = await fetch(consent, { redirect: "follow" });
    await page.clone().arrayBuffer();
    pages.push(page);
  };
  return Object.assign(open, { pages });
}

/** Creates a sandbox user through the control API; answers its token pair (a requesttoken body). */
export async function createUser(
  server: SandboxServer,
  body: { profile?: string; years?: number } = {},
): Promise<{ userid: string; access_token: string; refresh_token: string }> {
  const response = await fetch(`${server.url}/_sandbox/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ profile: "vitals-study", years: 0.1, ...body }),
  });
  if (response.status !== 201) throw new Error(`create user: HTTP ${response.status}`);
  return (await response.json()) as { userid: string; access_token: string; refresh_token: string };
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
