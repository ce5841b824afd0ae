import {
  createWithingsClient,
  TokenBucket,
  type WithingsClient,
  type WithingsClientOptions,
} from "@withings-kit/client";
import { createSandbox, type Sandbox, type SandboxOptions } from "@withings-kit/sandbox";
import {
  createSyncEngine,
  RequestMeter,
  type Store,
  type SyncEngine,
  type SyncEngineOptions,
} from "@withings-kit/sync";
import { testStore } from "../../helpers/test-store.js";

/** A sandbox on a virtual clock, one client wired to it, a store and an engine. */
export interface World {
  readonly sandbox: Sandbox;
  readonly client: WithingsClient;
  readonly store: Store;
  readonly engine: SyncEngine;
  readonly meter: RequestMeter;
  close(): Promise<void>;
}

/**
 * Builds a {@link World}. `limit` is the app's quota per minute on both sides (the sandbox's
 * and the client's limiter): tests that compare with a snapshot raise it so that simulated
 * time does not move during a sync (nothing then sleeps), and data the synthetic users keep
 * producing cannot arrive half-way.
 */
export function createWorld(
  options: {
    seed?: number;
    limit?: number;
    sandbox?: Omit<SandboxOptions, "seed" | "clock" | "rateLimit">;
    client?: Partial<WithingsClientOptions>;
    engine?: Partial<Omit<SyncEngineOptions, "client" | "store">>;
    store?: Store;
  } = {},
): World {
  const limit = options.limit ?? 1_000_000;
  const sandbox = createSandbox({
    seed: options.seed ?? 1,
    clock: "virtual",
    rateLimit: { limit, windowSeconds: 60 },
    ...options.sandbox,
  });
  const meter = new RequestMeter();
  const client = createWithingsClient({
    clientId: sandbox.defaultApp.clientId,
    clientSecret: sandbox.defaultApp.clientSecret,
    fetch: (request) => sandbox.fetch(request),
    clock: sandbox.clock,
    rateLimiter: new TokenBucket({ clock: sandbox.clock, limit, windowMs: 60_000 }),
    onEvent: meter.onEvent,
    ...options.client,
  });
  const store = options.store ?? testStore();
  const engine = createSyncEngine({
    client,
    store,
    clock: sandbox.clock,
    meter,
    ...options.engine,
  });
  return {
    sandbox,
    client,
    store,
    engine,
    meter,
    async close() {
      await store.close();
      sandbox.close();
    },
  };
}
