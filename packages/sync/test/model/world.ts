// One case's world: a sandbox on a virtual clock, its users, a client wired in-process to the
// sandbox through a fetch the harness controls, a real SQLite store behind a wrapper that
// can kill it, and the engine. Everything the commands do goes through here, and everything
// that happened is written to `log`, which a failure prints.

import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Clock,
  createWithingsClient,
  MemoryTokenStore,
  TokenBucket,
  type WithingsClient,
} from "@withings-kit/client";
import {
  type CloudBehaviour,
  createSandbox,
  type DataChange,
  type FaultConfig,
  type Sandbox,
  type SandboxUserData,
} from "@withings-kit/sandbox";
import {
  createSyncEngine,
  type RowQuery,
  type Store,
  type StoreBatch,
  type StoredRow,
  StoreError,
  type SyncEngine,
  type SyncEngineOptions,
  type SyncReport,
} from "@withings-kit/sync";
import { PostgresStore } from "@withings-kit/sync/postgres";
import { openSqliteStore } from "@withings-kit/sync/sqlite";
import { postgresSchema, type TestSchema } from "../helpers/postgres-schema.js";
import { rowIds, truthRows } from "./truth.js";

/** Everything a case is built from, drawn once per case (see `worldConfig`). */
export interface WorldConfig {
  /** Seeds the sandbox: synthetic data, fault draws, the cloud's lies. */
  readonly seed: number;
  /** The sandbox's start, epoch seconds. */
  readonly start: number;
  /** The empty user's zone. */
  readonly zone: string;
  /** Years of a second, synthetic "vitals-study" user, or `null` for none. */
  readonly vitalsYears: number | null;
  readonly cloud: CloudBehaviour;
  readonly faults: FaultConfig | null;
  readonly concurrency: 1 | 2;
  /** How far the client's and the engine's clock is from the sandbox's, in seconds. */
  readonly clientOffsetSeconds: number;
  /** A temp-file database (so a restart can reopen it) instead of `:memory:`. */
  readonly fileStore: boolean;
}

/**
 * What a test of the harness itself changes in a world: the engine's options, or a store
 * between the engine and the database (to break the engine on purpose).
 */
export interface WorldOverrides {
  readonly engine?: Partial<
    Pick<SyncEngineOptions, "sweepDays" | "reconcileDays" | "overlapSeconds">
  >;
  readonly wrapStore?: (store: Store) => Store;
}

/** A user of the world. */
export interface WorldUser {
  readonly id: string;
  readonly profile: "empty" | "vitals-study";
  readonly data: SandboxUserData;
}

/** The engine's lease length (its default): kills and stale leases are measured with it. */
export const LEASE_SECONDS = 300;

/** A process id that no process on this machine has: the holder of a lease whose run died. */
export const DEAD_PID = findDeadPid();

function findDeadPid(): number {
  for (let pid = 4_194_000; pid > 1000; pid -= 7) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") return pid;
    }
  }
  throw new Error("no free process id found");
}

/** Thrown by a killed store: what a run sees of its own process dying. */
export class KilledError extends StoreError {
  constructor() {
    super("STORE_IO", "the process was killed");
  }
}

/** A lease granted (or renewed) or given back, as a {@link GuardedStore} saw it. */
export interface LeaseEvent {
  readonly userId: string;
  readonly holder: string;
  readonly event: "lock" | "unlock";
}

/**
 * A store that passes everything to the real one, counts writes, remembers who took leases,
 * and can be killed at its n-th write: from then on every call fails, as nothing more
 * happens in a dead process. The write at which it dies is lost, or (`commit`) committed just
 * before the death, so that the engine never learns it landed.
 */
export class GuardedStore implements Store {
  readonly #real: Store;
  writes = 0;
  dead = false;
  /** The holder of the latest lease taken per user (a dead run leaves it behind). */
  readonly holders = new Map<string, string>();
  /**
   * Leases granted and given back, in order, shared by the stores of one world's
   * "processes": whether two runs overlapped, which on a store with real I/O (PostgreSQL)
   * depends on timing.
   */
  readonly leaseLog: LeaseEvent[];
  #killAt:
    | { readonly n: number; readonly commit: boolean; readonly onKill: () => void }
    | undefined;

  constructor(real: Store, leaseLog: LeaseEvent[] = []) {
    this.#real = real;
    this.leaseLog = leaseLog;
  }

  /** Kills the store at write `n` from now (1 = the next write). */
  killAt(n: number, commit: boolean, onKill: () => void): void {
    this.#killAt = { n: this.writes + n, commit, onKill };
  }

  /** Takes back a kill that did not happen (the run ended first). */
  disarm(): void {
    this.#killAt = undefined;
  }

  #alive(): void {
    if (this.dead) throw new KilledError();
  }

  async apply(batch: StoreBatch) {
    this.#alive();
    this.writes++;
    const kill = this.#killAt;
    if (kill !== undefined && this.writes === kill.n) {
      if (kill.commit) await this.#real.apply(batch);
      this.dead = true;
      kill.onKill();
      throw new KilledError();
    }
    return this.#real.apply(batch);
  }
  async getState(u: string, d: Parameters<Store["getState"]>[1]) {
    this.#alive();
    return this.#real.getState(u, d);
  }
  async recordKeys(u: string, d: Parameters<Store["recordKeys"]>[1], f: number, t: number) {
    this.#alive();
    return this.#real.recordKeys(u, d, f, t);
  }
  rows(q: RowQuery): AsyncIterable<StoredRow> {
    const self = this;
    const real = this.#real;
    return {
      async *[Symbol.asyncIterator]() {
        if (self.dead) throw new KilledError();
        for await (const row of real.rows(q)) {
          if (self.dead) throw new KilledError();
          yield row;
        }
      },
    };
  }
  async counts(u?: string) {
    this.#alive();
    return this.#real.counts(u);
  }
  async users() {
    this.#alive();
    return this.#real.users();
  }
  async units(...args: Parameters<Store["units"]>) {
    this.#alive();
    return this.#real.units(...args);
  }
  async lock(...args: Parameters<Store["lock"]>) {
    this.#alive();
    const result = await this.#real.lock(...args);
    if (result.acquired) {
      this.holders.set(args[0], args[1]);
      this.leaseLog.push({ userId: args[0], holder: args[1], event: "lock" });
    }
    return result;
  }
  async unlock(...args: Parameters<Store["unlock"]>) {
    this.#alive();
    await this.#real.unlock(...args);
    this.leaseLog.push({ userId: args[0], holder: args[1], event: "unlock" });
  }
  async close() {
    // The world closes the real store itself.
  }
}

// The model check on the PostgreSQL store instead of SQLite (see the model README).
const ON_POSTGRES = process.env["WITHINGS_KIT_TEST_STORE"] === "postgres";

/** What a request hook does before the request it is attached to goes out. */
type Hook = () => Promise<void>;

/** The state of one case. */
export class World {
  readonly config: WorldConfig;
  readonly overrides: WorldOverrides;
  readonly sandbox: Sandbox;
  readonly users: readonly WorldUser[];
  readonly tokens = new MemoryTokenStore();
  /** Every step, resolved change and report, for failure messages. */
  readonly log: string[] = [];
  /** Per user, every row some truth of the cloud had at an instant a request could see it. */
  readonly ever = new Map<string, Set<string>>();
  /** The same for detail rows, whatever their zone (a row labelled in the user's zone before its parent was stored). */
  readonly everUnzoned = new Map<string, Set<string>>();
  /**
   * Per user, list record versions (dataset, key, JSON) the run check excuses until they are
   * stored: left unstored by a run during which the cloud omitted records (perhaps the one
   * left out; see `checkRun`).
   */
  readonly excused = new Map<string, Set<string>>();
  /** Per user, when the sample at each second last changed on its own (add, edit, delete). */
  readonly sampleChanges = new Map<string, Map<number, number>>();
  /** Per user, the times of the intraday samples the history set explicitly. */
  readonly explicitSamples = new Map<string, Set<number>>();
  /**
   * Per user, the times of the samples the history deleted: gone from the cloud at once,
   * though the lagging view of its detail may show them for a while yet.
   */
  readonly deletedSamples = new Map<string, Set<number>>();
  /** The client's and engine's clock: the sandbox's plus an offset the case chooses. */
  readonly clock: Clock;
  clientOffsetMs: number;
  client!: WithingsClient;
  real!: Store;
  guarded!: GuardedStore;
  engine!: SyncEngine;
  /** API requests sent by every client of the world. */
  requests = 0;
  /** Changes applied to the cloud so far. */
  changes = 0;
  /** Sleeps of the client and engine (backoffs): each costs a real macrotask. */
  sleeps = 0;
  readonly #dir: string | undefined;
  #schema: TestSchema | undefined;
  /** Every lease granted and given back in this world, by any of its stores. */
  readonly leaseLog: LeaseEvent[] = [];
  readonly #random: () => number;
  #hooks: { at: number; run: Hook }[] = [];
  // What `observe` last took: after which change, at which sandbox instant, and whether
  // detail was left out since.
  #seenChanges = -1;
  #seenAt = -1;
  #detailStale = false;
  // Token answers of the users, saved once the client exists.
  readonly #pendingTokens: Parameters<WithingsClient["saveTokens"]>[0][] = [];

  private constructor(config: WorldConfig, overrides: WorldOverrides) {
    this.config = config;
    this.overrides = overrides;
    this.sandbox = createSandbox({
      seed: config.seed,
      clock: "virtual",
      startTime: config.start,
      rateLimit: { limit: 1_000_000, windowSeconds: 60 },
      cloud: calm(config, config.cloud),
      ...(config.faults === null ? {} : { faults: config.faults }),
    });
    this.clientOffsetMs = config.clientOffsetSeconds * 1000;
    const sandboxClock = this.sandbox.clock;
    this.clock = {
      now: () => sandboxClock.now() + this.clientOffsetMs,
      // Sleeps are sandbox time: a backoff moves the virtual clock, whatever the offset.
      sleep: (ms, signal) => {
        this.sleeps++;
        return sandboxClock.sleep(ms, signal);
      },
    };
    this.#random = mulberry32(config.seed ^ 0x5eed);
    this.#dir = config.fileStore ? mkdtempSync(join(tmpdir(), "sync-model-")) : undefined;
    const users: WorldUser[] = [];
    const empty = this.sandbox.createUser({ profile: "empty", timezone: config.zone });
    users.push({ id: empty.userid, profile: "empty", data: this.sandbox.userData(empty.userid) });
    this.#pendingTokens.push(empty);
    if (config.vitalsYears !== null) {
      const vitals = this.sandbox.createUser({
        profile: "vitals-study",
        years: config.vitalsYears,
      });
      users.push({
        id: vitals.userid,
        profile: "vitals-study",
        data: this.sandbox.userData(vitals.userid),
      });
      this.#pendingTokens.push(vitals);
    }
    this.users = users;
    for (const u of users) {
      this.ever.set(u.id, new Set());
      this.everUnzoned.set(u.id, new Set());
      this.explicitSamples.set(u.id, new Set());
      this.deletedSamples.set(u.id, new Set());
      this.sampleChanges.set(u.id, new Map());
      this.excused.set(u.id, new Set());
    }
  }

  /** Builds a world: sandbox, users and their tokens, client, store, engine. */
  static async create(config: WorldConfig, overrides: WorldOverrides = {}): Promise<World> {
    const world = new World(config, overrides);
    world.client = world.newClient();
    for (const t of world.#pendingTokens) await world.client.saveTokens(t);
    await world.openStore();
    world.engine = world.newEngine();
    world.note(
      `world ${JSON.stringify(config)}; users ${world.users.map((u) => `${u.id}:${u.profile}`).join(", ")}`,
    );
    return world;
  }

  /** A client as a restarted process makes it: same token store, its own view of the cloud's clock. */
  newClient(): WithingsClient {
    return createWithingsClient({
      clientId: this.sandbox.defaultApp.clientId,
      clientSecret: this.sandbox.defaultApp.clientSecret,
      fetch: (request) => this.fetch(request),
      clock: this.clock,
      tokenStore: this.tokens,
      // Never binding (a run sends a few thousand requests at most, all at one virtual instant);
      // its ring of admissions is an array of `limit` slots, so not a million.
      rateLimiter: new TokenBucket({ clock: this.clock, limit: 50_000, windowMs: 60_000 }),
      random: this.#random,
    });
  }

  /** An engine on the guarded store with the case's options (defaults otherwise). */
  newEngine(store: Store = this.guarded, client: WithingsClient = this.client): SyncEngine {
    return createSyncEngine({
      client,
      store: this.overrides.wrapStore?.(store) ?? store,
      clock: this.clock,
      concurrency: this.config.concurrency,
      ...this.overrides.engine,
    });
  }

  /**
   * Opens the database (again, for a file or PostgreSQL: what a restarted process finds).
   * With `WITHINGS_KIT_TEST_STORE=postgres`, every world's database is a PostgreSQL schema
   * of its own.
   */
  async openStore(): Promise<void> {
    if (ON_POSTGRES) {
      this.#schema ??= await postgresSchema();
      this.real = await PostgresStore.open(this.#schema.pool(4));
    } else {
      this.real = openSqliteStore(
        this.#dir === undefined ? ":memory:" : join(this.#dir, "sync.db"),
      );
    }
    this.guarded = new GuardedStore(this.real, this.leaseLog);
  }

  /** Whether the database is PostgreSQL, whose real I/O lets two "concurrent" runs miss each other. */
  get onPostgres(): boolean {
    return ON_POSTGRES;
  }

  /** Whether the database survives a restart (a file, PostgreSQL), so that a restart can reopen it. */
  get reopenable(): boolean {
    return this.#dir !== undefined || ON_POSTGRES;
  }

  /** A restart: the store closed and reopened when it survives one, a new client and engine. */
  async restart(): Promise<void> {
    if (this.reopenable) {
      await this.real.close();
      await this.openStore();
    } else {
      this.guarded = new GuardedStore(this.real);
    }
    this.client = this.newClient();
    this.engine = this.newEngine();
  }

  /** The sandbox's now, epoch seconds. */
  now(): number {
    return this.sandbox.clock.nowSeconds();
  }

  /** The engine's now, epoch seconds (the sandbox's plus the client offset). */
  engineNow(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  user(index: number): WorldUser {
    return this.users[index % this.users.length]!;
  }

  note(line: string): void {
    this.log.push(
      `[${new Date(this.sandbox.clock.now()).toISOString()} #${this.requests}] ${line}`,
    );
  }

  /** Applies one change to a user's data, at the sandbox's now. */
  async edit(user: WorldUser, change: DataChange): Promise<void> {
    // The state before the change, with whatever detail time brought since it was taken.
    if (this.#seenChanges === this.changes) await this.observeAll();
    await this.sandbox.editData({ userid: user.id, change });
    this.changes++;
    if (change.dataset === "intraday") {
      const set = this.explicitSamples.get(user.id)!;
      const time = change.op === "add" ? Number(change.record["time"]) : Number(change.id);
      const deleted = this.deletedSamples.get(user.id)!;
      if (change.op === "delete") {
        set.delete(time);
        deleted.add(time);
      } else {
        set.add(time);
        deleted.delete(time);
      }
      this.sampleChanges.get(user.id)!.set(time, this.now());
    }
  }

  /** Runs `hook` just before the `n`-th request from now (1 = the next one). */
  beforeRequest(n: number, hook: Hook): void {
    this.#hooks.push({ at: this.requests + n, run: hook });
  }

  /** Drops hooks that did not fire (their run ended first). */
  clearHooks(): number {
    const left = this.#hooks.length;
    this.#hooks = [];
    return left;
  }

  /**
   * The fetch every client of the world uses: fires the hooks due at this request, takes the
   * truth the request can see (when anything changed since the last one), then lets the
   * sandbox answer.
   */
  async fetch(request: Request): Promise<Response> {
    this.requests++;
    const due = this.#hooks.filter((h) => h.at === this.requests);
    if (due.length > 0) {
      this.#hooks = this.#hooks.filter((h) => h.at !== this.requests);
      for (const hook of due) await hook.run();
    }
    await this.observe();
    const response = await this.sandbox.fetch(request);
    // A slow answer comes after sandbox time moved: it may show a later state.
    await this.observe();
    return response;
  }

  /**
   * Adds the truth of every user at the sandbox's now to `ever`, if anything changed since
   * the last time: the engine only ever sees the cloud through requests, so the states at
   * request instants are all the states it can have stored.
   *
   * Detail (intraday samples, sleep detail, signals) is most of a truth's cost, and when
   * only time passed (a backoff, a slow answer) it can only have grown: lagging detail
   * appears, synthetic days arrive, but nothing shown disappears or changes without a
   * change of the data. So a time-only step takes the records only, and the detail is taken
   * whole again before the next change is applied and before each never-worse check
   * (`observeAll`), when everything it showed in between is still there.
   */
  async observe(): Promise<void> {
    const now = this.sandbox.clock.now();
    if (this.changes === this.#seenChanges && now === this.#seenAt) return;
    const changed = this.changes !== this.#seenChanges;
    this.#seenChanges = this.changes;
    this.#seenAt = now;
    if (changed) await this.#capture(true);
    else {
      await this.#capture(false);
      this.#detailStale = true;
    }
  }

  /** Takes the whole truth now if detail may have grown since it was last taken whole. */
  async observeAll(): Promise<void> {
    const same = this.changes === this.#seenChanges && this.sandbox.clock.now() === this.#seenAt;
    if (same && !this.#detailStale) return;
    this.#seenChanges = this.changes;
    this.#seenAt = this.sandbox.clock.now();
    await this.#capture(true);
  }

  async #capture(detail: boolean): Promise<void> {
    const now = this.now();
    if (detail) this.#detailStale = false;
    for (const u of this.users) {
      // Wide: what the cloud answers of days to come, of a tracker's first days and of
      // every window the engine keeps is its truth too.
      const wide = {
        aheadDays: 3,
        trackerSpan: true,
        detail,
        windows: detail ? await this.real.units(u.id, "intraday") : [],
      };
      // Zone-free identities too: detail fetched before its parent was stored is labelled
      // in the user's zone until re-read (docs/sync-guarantees.md).
      await rowIds(truthRows(u.data, now, wide), this.ever.get(u.id)!, this.everUnzoned.get(u.id));
    }
  }

  /** Runs the engine and logs the outcome in a line. */
  async run(
    engine: SyncEngine,
    options: Parameters<SyncEngine["run"]>[0],
    label: string,
  ): Promise<SyncReport> {
    const before = this.sandbox.stats().quirks;
    const report = await engine.run(options);
    const after = this.sandbox.stats().quirks;
    const lies = [
      after.omitted > before.omitted ? `${after.omitted - before.omitted} omitted` : "",
      after.hiddenMore > before.hiddenMore
        ? `${after.hiddenMore - before.hiddenMore} hid more`
        : "",
    ].filter((x) => x !== "");
    this.note(
      `${label} -> ${summarize(report)}${lies.length > 0 ? ` [cloud: ${lies.join(", ")}]` : ""}`,
    );
    return report;
  }

  /** Changes how the cloud behaves (see `calm` for what a world with long lists keeps out). */
  setCloud(change: CloudBehaviour): CloudBehaviour {
    const applied = calm(this.config, change);
    this.sandbox.setCloud(applied);
    return applied;
  }

  /** Turns faults off (the eventual check's quiet end) or sets new ones. */
  setFaults(faults: FaultConfig): void {
    this.sandbox.setFaults(faults);
  }

  /** The stale lease of a run that died on this machine: its process is gone. */
  deadHolder(tag: string): string {
    return `${hostname()}:${DEAD_PID}:${tag}`;
  }

  async close(): Promise<void> {
    this.clearHooks();
    await this.real.close().catch(() => {});
    this.sandbox.close();
    if (this.#dir !== undefined) rmSync(this.#dir, { recursive: true, force: true });
    await this.#schema?.drop();
  }
}

// A world with a synthetic user (lists of dozens of pages) has no omissions: a read that
// needs confirming is accepted when two reads agree, which, with the sandbox leaving a record
// out of one answer in five, almost never happens over dozens of pages; the dataset would
// then fail every run, as docs/sync-guarantees.md says it may. Short lists keep them.
function calm(config: WorldConfig, change: CloudBehaviour): CloudBehaviour {
  if (config.vitalsYears === null) return change;
  return change.omission === undefined ? change : { ...change, omission: 0 };
}

/** One line per report: each user's error and failed datasets, and the totals. */
export function summarize(report: SyncReport): string {
  const users = report.users.map((u) => {
    const failed = u.datasets
      .filter((d) => d.error !== undefined)
      .map((d) => `${d.dataset}:${d.error?.code}(${d.error?.message.slice(0, 120)})`);
    const err = u.error === undefined ? "" : ` error ${u.error.code}`;
    return `${u.userId}${err}${failed.length > 0 ? ` failed [${failed.join(" ")}]` : ""} +${u.added} ~${u.changed} -${u.deleted} (${u.requests} req)`;
  });
  return `${report.ok ? "ok" : "NOT ok"}: ${users.join("; ")}`;
}

// A small seeded generator, for the client's backoff jitter: a case replays exactly.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
