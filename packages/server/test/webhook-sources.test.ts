import { createWithingsClient, WithingsArgumentError } from "@withings-kit/client";
import { createSandbox } from "@withings-kit/sandbox";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import { afterEach, describe, expect, it } from "vitest";
import {
  loadWithingsSources,
  type RunningService,
  rangesInText,
  SourceAllowList,
  SourceListError,
  startService,
  webhookRouter,
} from "../src/index.js";
import { freePort } from "./helpers/free-port.js";

const TOKEN = "sources-test-webhook-token-0123456789";
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const inbox = () => {
  const bodies: string[] = [];
  return {
    bodies,
    receive: async (body: string) => {
      bodies.push(body);
      return "queued" as const;
    },
  };
};

describe("SourceAllowList", () => {
  it("allows addresses and ranges of both families, as sockets report them", () => {
    const list = SourceAllowList.parse(["203.0.113.0/24", "198.51.100.7", "ip6:2001:db8::/32"]);
    expect(list.size).toBe(3);
    expect(list.allows("203.0.113.200")).toBe(true);
    expect(list.allows("::ffff:203.0.113.5")).toBe(true);
    expect(list.allows("198.51.100.7")).toBe(true);
    expect(list.allows("198.51.100.8")).toBe(false);
    expect(list.allows("2001:db8:1::9")).toBe(true);
    expect(list.allows("2001:db9::1")).toBe(false);
    expect(list.allows("not an address")).toBe(false);
    expect(list.allows(undefined)).toBe(false);
  });

  it("refuses a bad entry by name and keeps what it had", () => {
    const list = SourceAllowList.parse(["192.0.2.0/24"]);
    expect(() => list.replace(["192.0.2.1", "192.0.2.0/33"])).toThrow("192.0.2.0/33");
    expect(() => list.replace(["example.com"])).toThrow(WithingsArgumentError);
    expect(() => list.replace(["example.com"])).toThrow(
      expect.objectContaining({ name: "WithingsArgumentError", code: "ERR_INVALID_ARG_VALUE" }),
    );
    expect(list.allows("192.0.2.9")).toBe(true);
  });

  it("reads the addresses out of TXT strings whatever words surround them", () => {
    expect(
      rangesInText(["v=spf1 ip4:203.0.113.0/24 ip4:198.51.100.7 -all", "2001:db8::/48, 10.0.0.1"]),
    ).toEqual(["203.0.113.0/24", "198.51.100.7", "2001:db8::/48", "10.0.0.1"]);
  });
});

describe("loadWithingsSources", () => {
  it("takes both records of the cloud asked for, joining each record's chunks", async () => {
    const asked: string[] = [];
    const list = new SourceAllowList();
    const count = await loadWithingsSources(list, {
      cloud: "us",
      resolveTxt: async (name) => {
        asked.push(name);
        return name.startsWith("ipblock-notify")
          ? [["ip4:203.0.113.0/2", "4 ip4:198.51.100.7"]]
          : [["192.0.2.0/28"]];
      },
    });
    expect(asked).toEqual([
      "ipblock-notify.us.withingsmed.net",
      "ipblock-front.us.withingsmed.net",
    ]);
    expect(count).toBe(3);
    expect(list.allows("203.0.113.77")).toBe(true);
    expect(list.allows("192.0.2.15")).toBe(true);
    expect(list.allows("192.0.2.16")).toBe(false);
  });

  it("fails naming the record that did not answer, or when none gives an address, keeping the last list", async () => {
    const list = SourceAllowList.parse(["192.0.2.1"]);
    // One name answering is not enough: the other's servers would be refused.
    const half = loadWithingsSources(list, {
      resolveTxt: async (name) => {
        if (name.includes("notify")) throw new Error("queryTxt ETIMEOUT");
        return [["203.0.113.0/24"]];
      },
    });
    await expect(half).rejects.toThrow(SourceListError);
    await expect(half).rejects.toThrow(/ipblock-notify\.withings\.net: queryTxt ETIMEOUT/);
    const empty = loadWithingsSources(list, { resolveTxt: async () => [["nothing here"]] });
    await expect(empty).rejects.toThrow(/no Withings source address found/);
    expect(list.allows("192.0.2.1")).toBe(true);
    expect(list.allows("203.0.113.9")).toBe(false);
  });
});

describe("the webhook behind a source allow-list", () => {
  it("answers 403 to other sources, before reading anything, and takes the proxy's address when told", async () => {
    const box = inbox();
    const sources = SourceAllowList.parse(["203.0.113.0/24"]);
    const direct = webhookRouter({ token: TOKEN, inbox: box, now: () => 0, sources });
    const proxied = webhookRouter({
      token: TOKEN,
      inbox: box,
      now: () => 0,
      sources,
      trustProxy: true,
    });
    const post = (app: typeof direct, forwarded?: string) =>
      app.request(`/webhooks/withings/${TOKEN}`, {
        method: "POST",
        body: "userid=1&appli=4",
        headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded },
      });
    // In-process there is no peer address: nothing is allowed without the proxy's word.
    expect((await post(direct, "203.0.113.9")).status).toBe(403);
    expect((await post(proxied)).status).toBe(403);
    // The proxy appends the address it saw: only the last entry counts.
    expect((await post(proxied, "203.0.113.9, 198.51.100.1")).status).toBe(403);
    expect((await post(proxied, "198.51.100.1, 203.0.113.9")).status).toBe(200);
    // A probe changes nothing: it answers anyone (the service's own check of its callback).
    const head = await proxied.request(`/webhooks/withings/${TOKEN}`, {
      method: "HEAD",
      headers: { "x-forwarded-for": "198.51.100.1" },
    });
    expect(head.status).toBe(200);
    expect(box.bodies).toEqual(["userid=1&appli=4"]);
  });

  it("lets a real connection's peer through when it is listed, and not otherwise", async () => {
    for (const [ranges, expected] of [
      [["127.0.0.0/8", "::1"], 200],
      [["203.0.113.0/24"], 403],
    ] as const) {
      const store = openSqliteStore(":memory:");
      const client = createWithingsClient({ clientId: "app", clientSecret: "secret" });
      const running = await startService({
        store,
        client,
        webhookToken: TOKEN,
        port: 0,
        withingsSources: { resolveTxt: async () => [[ranges.join(" ")]] },
      });
      closers.push(
        () => store.close(),
        () => running.close(),
      );
      const answer = await fetch(`${running.url}/webhooks/withings/${TOKEN}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "userid=42&appli=4",
      });
      expect(answer.status).toBe(expected);
      // Health checks are not the webhook's: they answer any source.
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    }
  });

  it("still subscribes participants: its own check of the public callback is a HEAD", async () => {
    const port = await freePort();
    let service: RunningService | undefined;
    const sandbox = createSandbox({
      seed: 3,
      clock: "virtual",
      // Withings probes the callback before accepting a subscription: here, over real HTTP.
      outboundFetch: (request) => fetch(request),
    });
    closers.push(() => sandbox.close());
    const store = openSqliteStore(":memory:");
    const client = createWithingsClient({
      clientId: sandbox.defaultApp.clientId,
      clientSecret: sandbox.defaultApp.clientSecret,
      fetch: (request) => sandbox.fetch(request),
      clock: sandbox.clock,
    });
    await client.saveTokens(sandbox.createUser({ profile: "empty", years: 0 }));
    service = await startService({
      store,
      client,
      webhookToken: TOKEN,
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      // Withings' addresses only: this machine is not one of them.
      withingsSources: { resolveTxt: async () => [["203.0.113.0/24"]] },
    });
    closers.push(
      () => store.close(),
      () => service?.close(),
    );
    const report = await service.service.keeper!.keep();
    expect(report).toMatchObject({ callbackReachable: true, failed: [] });
    expect(report.subscribed).toBeGreaterThan(0);
  });
});
