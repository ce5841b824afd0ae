import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { runCli } from "../src/run-cli.js";
import {
  appFlags,
  CLIENT_ID,
  CLIENT_SECRET,
  closedPort,
  consentBrowser,
  createUser,
  run,
  sandboxServer,
  tempDir,
  testIo,
} from "./_helpers.js";

async function statusOf(dir: string, db: string) {
  const result = await run(["status", "--db", db, "--json"], testIo(dir));
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as {
    users: { userId: string; tokens: { expiresAt: string; scope: string[] } | null }[];
  };
}

describe("withings login", () => {
  it("logs in through the consent page and a loopback redirect, and stores the tokens", async () => {
    const server = await sandboxServer();
    const dir = await tempDir();
    const db = join(dir, "w.db");
    const browser = consentBrowser("new");
    const result = await run(["login", ...appFlags(server, db)], testIo(dir, { openUrl: browser }));

    expect(result.stderr).toMatch(
      /Waiting for the login redirect on http:\/\/127\.0\.0\.1:\d+\/callback/,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Logged in as Withings user \d+/);
    // The browser followed the redirect to the loopback server, which answered after the exchange.
    expect(browser.pages).toHaveLength(1);
    expect(browser.pages[0]?.status).toBe(200);
    expect(browser.pages[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
    expect(await browser.pages[0]?.text()).toContain("You can close this tab");

    const status = await statusOf(dir, db);
    expect(status.users).toHaveLength(1);
    expect(Date.parse(status.users[0]?.tokens?.expiresAt ?? "")).toBeGreaterThan(Date.now());
    // Nothing secret reaches the terminal.
    expect(result.stdout + result.stderr).not.toContain(CLIENT_SECRET);
  });

  it("listens on the port and path of a registered loopback redirect URI", async () => {
    const server = await sandboxServer();
    const dir = await tempDir();
    const redirectUri = `http://127.0.0.1:${await closedPort()}/withings/callback`;
    const browser = consentBrowser("new");
    const result = await run(
      ["login", "--redirect-uri", redirectUri, ...appFlags(server, join(dir, "w.db"))],
      testIo(dir, { openUrl: browser }),
    );
    expect(result.code).toBe(0);
    expect(browser.pages[0]?.url.startsWith(`${redirectUri}?code=`)).toBe(true);
  });

  it("prints the URL with --no-browser and still receives the redirect", async () => {
    const server = await sandboxServer();
    const dir = await tempDir();
    const db = join(dir, "w.db");
    const io = testIo(dir); // its openUrl throws: it must not be called
    const running = runCli(["login", "--no-browser", ...appFlags(server, db)], io);

    const [url] = await io.stdout.waitFor(/^http\S+$/m);
    const printed = new URL(url);
    expect(printed.origin).toBe(server.url);
    expect(printed.pathname).toBe("/oauth2_user/authorize2");
    expect(printed.searchParams.get("client_id")).toBe(CLIENT_ID);
    expect(printed.searchParams.get("response_type")).toBe("code");
    expect(printed.searchParams.get("state")).toMatch(/^[\w-]{20,}$/);
    expect(printed.searchParams.get("redirect_uri")).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/callback$/,
    );
    expect(io.stderr.text).toContain("Open this URL in a browser");

    await consentBrowser("new")(url);
    expect(await running).toBe(0);
    expect(io.stdout.text).toMatch(/Logged in as Withings user \d+/);
  });

  it("falls back to pasting the redirected URL when the redirect URI is not local", async () => {
    const redirectUri = "https://app.example/withings/callback";
    const server = await sandboxServer({
      apps: [
        { clientId: "remote-app", clientSecret: "remote-secret", redirectUris: [redirectUri] },
      ],
    });
    const user = await createUser(server);
    const dir = await tempDir();
    const db = join(dir, "w.db");
    const stdin = new (await import("node:stream")).PassThrough();
    const io = testIo(dir, { stdin });
    const running = runCli(
      [
        "login",
        "--no-browser",
        "--cloud",
        server.url,
        "--client-id",
        "remote-app",
        "--client-secret",
        "remote-secret",
        "--redirect-uri",
        redirectUri,
        "--db",
        db,
      ],
      io,
    );
    const [url] = await io.stdout.waitFor(/^http\S+$/m);
    await io.stderr.waitFor(/Paste that whole URL/);
    // The user approves; the browser is sent to the app's (unreachable) callback URL.
    const consent = new URL(url);
    consent.searchParams.set("sandbox_user", user.userid);
    consent.searchParams.set("sandbox_approve", "1");
    const redirect = await fetch(consent, { redirect: "manual" });
    const location = redirect.headers.get("location") ?? "";
    expect(location.startsWith(`${redirectUri}?code=`)).toBe(true);
    stdin.write(`${location}\n`);

    expect(await running).toBe(0);
    expect(io.stdout.text).toContain(`Logged in as Withings user ${user.userid}`);
    const code = new URL(location).searchParams.get("code") ?? "";
    expect(io.stdout.text + io.stderr.text).not.toContain(code);
  });

  it("refuses a redirect whose state does not match, and stores nothing", async () => {
    const server = await sandboxServer();
    const dir = await tempDir();
    const db = join(dir, "w.db");
    let page: Response | undefined;
    const forger = async (url: string): Promise<void> => {
      const consent = new URL(url);
      consent.searchParams.set("sandbox_user", "new");
      consent.searchParams.set("sandbox_approve", "1");
      const redirect = await fetch(consent, { redirect: "manual" });
      const target = new URL(redirect.headers.get("location") ?? "");
      target.searchParams.set("state", "forged-state");
      page = await fetch(target);
    };
    const result = await run(["login", ...appFlags(server, db)], testIo(dir, { openUrl: forger }));

    expect(result.code).toBe(EXIT_CODES.AUTH);
    expect(result.stderr).toMatch(/login refused: the OAuth state .* does not match/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(page?.status).toBe(400);
    expect((await statusOf(dir, db)).users).toHaveLength(0);
  });

  it("imports a token answer from a file (the sandbox control API's answer)", async () => {
    const server = await sandboxServer();
    const user = await createUser(server);
    const dir = await tempDir();
    const db = join(dir, "w.db");
    const file = join(dir, "tokens.json");
    await writeFile(file, JSON.stringify(user));
    const result = await run(
      ["login", "--import-tokens", file, ...appFlags(server, db)],
      testIo(dir),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Logged in as Withings user ${user.userid}`);
    expect(result.stdout + result.stderr).not.toContain(user.access_token);
    expect((await statusOf(dir, db)).users.map((u) => u.userId)).toEqual([user.userid]);
  });

  it("imports a requesttoken envelope from stdin, with a numeric userid", async () => {
    const server = await sandboxServer();
    const user = await createUser(server);
    const dir = await tempDir();
    const db = join(dir, "w.db");
    const envelope = { status: 0, body: { ...user, userid: Number(user.userid) } };
    const result = await run(
      ["login", "--import-tokens", "-", ...appFlags(server, db)],
      testIo(dir, { stdinText: JSON.stringify(envelope) }),
    );
    expect(result.code).toBe(0);
    expect((await statusOf(dir, db)).users.map((u) => u.userId)).toEqual([user.userid]);
  });

  it("refuses a file that is not a token answer without echoing it", async () => {
    const server = await sandboxServer();
    const dir = await tempDir();
    const result = await run(
      ["login", "--import-tokens", "-", ...appFlags(server, join(dir, "w.db"))],
      testIo(dir, { stdinText: '{"access_token":"very-secret-access-token"}' }),
    );
    expect(result.code).toBe(EXIT_CODES.USAGE);
    expect(result.stderr).toContain("not a token answer (shape at $.body.refresh_token");
    expect(result.stderr).not.toContain("very-secret-access-token");
  });
});
