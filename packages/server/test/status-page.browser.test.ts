// The pages people open, in a real browser (Debian's Chromium through playwright-core): a
// participant enrols through the enrolment page and the sandbox's consent page, a reading
// arrives by notification, and the coordinator reads it on the status page.
import { createWithingsClient, MemoryTokenStore, TokenBucket } from "@withings-kit/client";
import { startSandboxServer } from "@withings-kit/sandbox/server";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startService } from "../src/index.js";
import { freePort } from "./helpers/free-port.js";
import { queueIdle } from "./helpers/queue-idle.js";

const TOKEN = "browser-test-webhook-token-0123456789";
const ADMIN = "browser-test-admin-token-0123456789";
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

let browser: Browser;
const closers: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // This machine's network is closed: no background calls home.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await browser?.close();
});

describe("the service's pages in Chromium", () => {
  it("enrols a participant through consent, then shows their reading to the coordinator, and no secret", async () => {
    const sandbox = await startSandboxServer({
      port: 0,
      seed: 9,
      rateLimit: { limit: 100_000, windowSeconds: 60 },
    });
    closers.push(() => sandbox.close());
    const store = openSqliteStore(":memory:");
    closers.push(() => store.close());
    const tokens = new MemoryTokenStore();
    const { clientId, clientSecret } = sandbox.sandbox.defaultApp;
    const client = createWithingsClient({
      clientId,
      clientSecret,
      cloud: sandbox.url,
      tokenStore: tokens,
      rateLimiter: new TokenBucket({ limit: 100_000, windowMs: 60_000 }),
    });
    const port = await freePort();
    const service = await startService({
      store,
      client,
      webhookToken: TOKEN,
      adminToken: ADMIN,
      port,
      pollMs: 50,
      publicUrl: `http://127.0.0.1:${port}`,
    });
    closers.push(() => service.close());
    const userid = sandbox.sandbox.createUser({ profile: "empty", years: 0 }).userid;
    sandbox.sandbox.createUser({ profile: "empty", years: 0 });

    // The participant follows the coordinator's link.
    const participant = await browser.newPage();
    const errors: string[] = [];
    participant.on("pageerror", (e) => errors.push(e.message));
    await participant.goto(`${service.url}/enrol?study=BP%20study&code=P-007`);
    await participant.getByRole("link", { name: "Continue to Withings" }).click();
    await participant.waitForURL(`${sandbox.url}/**`);
    await participant.locator(`input[name="sandbox_user"][value="${userid}"]`).check();
    await participant.getByRole("button", { name: "Allow" }).click();
    await participant.waitForURL(`${service.url}/**`);
    await expect
      .poll(() => participant.locator("body").innerText())
      .toContain("You are enrolled in BP study as participant P-007");
    await queueIdle(service);

    // Their blood-pressure monitor uploads a reading: the notification brings it.
    const at = sandbox.sandbox.clock.nowSeconds() - 120;
    await sandbox.sandbox.editData({
      userid,
      change: {
        op: "add",
        dataset: "measures",
        record: {
          date: at,
          measures: [
            { value: 128, type: 10, unit: 0 },
            { value: 82, type: 9, unit: 0 },
            { value: 64, type: 11, unit: 0 },
          ],
        },
      },
    });
    await queueIdle(service);

    // Without the admin token the page is refused, with a challenge a browser answers; a
    // browser given a wrong one cannot open it.
    const refused = await fetch(`${service.url}/admin`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBe('Basic realm="Withings Kit"');
    const stranger = await browser.newContext({
      httpCredentials: { username: "coordinator", password: "not-the-token" },
    });
    const wrong = await (await stranger.newPage()).goto(`${service.url}/admin`);
    expect(wrong?.status()).toBe(401);
    await stranger.close();

    const coordinator = await browser.newContext({
      httpCredentials: { username: "coordinator", password: ADMIN },
    });
    const page = await coordinator.newPage();
    const answer = await page.goto(`${service.url}/admin`);
    expect(answer?.status()).toBe(200);
    const cells = await page
      .locator(`tr[data-user="${userid}"] td`)
      .evaluateAll((tds) => tds.map((td) => (td as HTMLElement).innerText.trim()));
    expect(cells.slice(0, 5)).toEqual([
      "P-007",
      "BP study",
      "linked",
      "today",
      "128/82 mmHg · pulse 64 bpm",
    ]);
    expect(await page.locator("#summary").innerText()).toMatch(/^1 participant · as of /);
    const html = await page.content();
    const stored = await tokens.get(userid);
    expect(stored).toBeDefined();
    for (const secret of [TOKEN, ADMIN, clientSecret, stored!.accessToken, stored!.refreshToken]) {
      expect(html).not.toContain(secret);
    }
    expect(errors).toEqual([]);
  });
});
