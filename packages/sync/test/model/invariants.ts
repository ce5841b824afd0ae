// The invariants, each a named check of docs/sync-guarantees.md against the sandbox's truth:
// - run:        a run that reports a list dataset ok stored every record the cloud held when
//               it started and did not change while it ran, row for row (guarantee 1);
// - busy:       of two runs of one user at once, one is refused with SYNC_BUSY, and the
//               refused one touches nothing (guarantee 5);
// - lease:      a lease whose holder died here or expired is taken over; a live one held
//               elsewhere refuses the run (guarantee 5, "One run per user");
// - never-worse: no stored row is one no truth of the cloud ever had (a corrupted row);
// - eventual:   after the history, with no more changes, daily runs for 8 days make the
//               database equal the cloud, every dataset, row for row (guarantees 2-4).

import type { SandboxUserData } from "@withings-kit/sandbox";
import type { SyncDataset, SyncReport, UserSyncReport } from "@withings-kit/sync";
import { recordKeyOf, SYNC_DATASETS } from "@withings-kit/sync";
import { localDayWindow, tileAt } from "@withings-kit/sync/testing";
import { diffRows, expectedRows, type RowSource, storedRows } from "../engine/helpers/row-sets.js";
import {
  LIST_DATASETS,
  type ListDataset,
  type ListTruth,
  listRecords,
  rowId,
  truthRows,
  unzonedId,
} from "./truth.js";
import type { LeaseEvent, World } from "./world.js";

/** The engine's default overlap: how far below its cursor an incremental walk starts. */
const OVERLAP_SECONDS = 3600;

/** A broken invariant: names the check, says what broke, and carries the case's log. */
export class InvariantError extends Error {
  readonly check: string;

  constructor(check: string, details: string, world: World) {
    super(`[${check}] ${details}\n--- what happened ---\n${world.log.join("\n")}`);
    this.name = "InvariantError";
    this.check = check;
  }
}

/** What the run check needs from a run's start. */
export interface RunStart {
  /** Sandbox time when the run started. */
  readonly at: number;
  /** Omissions the sandbox had made before the run. */
  readonly omitted: number;
  /** Per user of the run, the records of every list dataset. */
  readonly lists: ReadonlyMap<string, ListTruth>;
  /** Per user and list dataset, the cursor before the run (for `since` runs). */
  readonly cursors: ReadonlyMap<string, ReadonlyMap<SyncDataset, number | null>>;
}

/** Takes what the run check compares with, just before a run of `userIds` starts. */
export async function runStart(world: World, userIds: readonly string[]): Promise<RunStart> {
  const now = world.now();
  const lists = new Map<string, ListTruth>();
  const cursors = new Map<string, Map<SyncDataset, number | null>>();
  for (const id of userIds) {
    const user = world.users.find((u) => u.id === id)!;
    lists.set(id, listRecords(user.data.snapshot(now)));
    const perDataset = new Map<SyncDataset, number | null>();
    for (const d of LIST_DATASETS) {
      perDataset.set(d, (await world.real.getState(id, d))?.cursor ?? null);
    }
    cursors.set(id, perDataset);
  }
  return { at: now, omitted: world.sandbox.stats().quirks.omitted, lists, cursors };
}

// The rows of `source` without the intraday samples before the span the engine tiles (from
// the intraday window, a local day of the user's zone, holding the start of the first
// activity day of a Withings source, or a tracker's first session) that no window the
// engine keeps covers (guarantee 4 starts there): a window it fetched must still match.
function fromFirstActivity(
  data: SandboxUserData,
  now: number,
  units: readonly { readonly start: number; readonly end: number }[],
  source: RowSource,
): RowSource {
  const snap = data.snapshot(now);
  let first = Number.POSITIVE_INFINITY;
  for (const a of snap.activity) {
    // A count from outside Withings (brand 18) does not open the engine's span.
    if (a.brand === 18) continue;
    first = Math.min(first, localDayWindow(a.date, a.timezone ?? snap.timezone).start);
  }
  for (const d of snap.devices) {
    if (d.type === "Activity Tracker" && typeof d.first_session_date === "number") {
      first = Math.min(first, d.first_session_date);
    }
  }
  const start = Number.isFinite(first) ? tileAt(first, snap.timezone).start : first;
  const covered = (t: number) => units.some((u) => u.start <= t && t < u.end);
  return withoutSamplesAt(source, (t) => t < start && !covered(t));
}

// The seconds whose sample changed on its own after the engine last fetched their window
// (the guarantee does not look for them again): with a margin for the detail lag and clocks.
async function orphanSeconds(world: World, userId: string): Promise<Set<number>> {
  const units = await world.real.units(userId, "intraday");
  const margin = world.sandbox.cloud().detailLagSeconds + 900;
  const out = new Set<number>();
  for (const [time, at] of world.sampleChanges.get(userId)!) {
    const unit = units.find((u) => u.start <= time && time < u.end);
    if (unit?.fetchedAt != null && unit.fetchedAt < at + margin) out.add(time);
  }
  return out;
}

// Detail rows of a synthetic user that may still be settling at `now` (see checkEventual).
async function settlingDetail(
  data: SandboxUserData,
  now: number,
): Promise<(dataset: SyncDataset, row: object) => boolean> {
  const since = now - 30 * 3600;
  const fresh = new Set(
    data
      .snapshot(now)
      .ecg.filter((r) => (r.modified ?? 0) >= since || r.timestamp >= since)
      .map((r) => r.ecg.signalid),
  );
  const at = (iso: unknown) => (typeof iso === "string" ? Date.parse(iso) / 1000 : 0);
  return (dataset, row) => {
    const r = row as { time?: unknown; startdate?: unknown; signalid?: unknown };
    if (dataset === "intraday") return at(r.time) >= since;
    if (dataset === "sleep") return at(r.startdate) >= since - 86_400;
    if (dataset === "ecg_signal") return fresh.has(Number(r.signalid));
    return false;
  };
}

function withoutRows(
  source: RowSource,
  exempt: (dataset: SyncDataset, row: object) => boolean,
): RowSource {
  return (sink, only) =>
    source((dataset, row) => {
      if (!exempt(dataset, row)) sink(dataset, row);
    }, only);
}

function withoutSamplesAt(source: RowSource, exempt: (time: number) => boolean): RowSource {
  return (sink, only) =>
    source((dataset, row) => {
      if (dataset === "intraday" && exempt(Date.parse((row as { time: string }).time) / 1000)) {
        return;
      }
      sink(dataset, row);
    }, only);
}

function isList(dataset: SyncDataset): dataset is ListDataset {
  return (LIST_DATASETS as readonly SyncDataset[]).includes(dataset);
}

/**
 * **run**: for every user of the report and every list dataset it reports without error,
 * each record the cloud held at the run's start and still holds unchanged at its end is
 * stored with exactly its rows. Records changed or deleted during the run are exempt.
 *
 * Omissions: a record the cloud left out of an answer cannot be told from absence, so a run
 * during which the cloud made n omissions may miss up to n records, never more (the
 * guarantee excuses the record left out, not the rest of the list). And since it promises
 * such a record to "the next read that includes it" (the walk after its next change, the
 * reconcile while recent, the next pass of the sweep), those records stay exempt, in that
 * version, until stored: the eventual check holds the engine to them.
 */
export async function checkRun(
  world: World,
  start: RunStart,
  report: SyncReport,
  since?: number,
): Promise<void> {
  const omitted = world.sandbox.stats().quirks.omitted - start.omitted;
  const missing: { readonly user: string; readonly id: string; readonly text: string }[] = [];
  const now = world.now();
  for (const u of report.users) {
    const before = start.lists.get(u.userId);
    const user = world.users.find((x) => x.id === u.userId);
    if (before === undefined || user === undefined) continue;
    const after = listRecords(user.data.snapshot(now));
    const excused = world.excused.get(u.userId)!;
    for (const d of u.datasets) {
      if (!isList(d.dataset)) continue;
      // A dataset that failed is not held to the promise; but what it left unstored while
      // the cloud omitted records may be behind a cursor it
      // moved before failing (a walk done, then its reconcile failed): excused too.
      const failed = d.error !== undefined;
      // Where this run's incremental walk started.
      const cursor = start.cursors.get(u.userId)?.get(d.dataset) ?? null;
      // A `since` only ever widens it, and starts a first sync.
      const walkFrom =
        cursor === null ? (since ?? 0) : Math.min(since ?? Infinity, cursor - OVERLAP_SECONDS);
      const stored = await storedByRecord(world, u.userId, d.dataset);
      for (const [key, was] of before.get(d.dataset)!) {
        const is = after.get(d.dataset)!.get(key);
        // Changed or deleted while the run went on: exempt.
        if (is === undefined || is.json !== was.json) continue;
        const rows = stored.get(key) ?? [];
        if (sameList(rows, is.rows)) continue;
        const id = suspectId(d.dataset, key, is.json);
        // Left out of an answer of an earlier run (maybe): stored
        // by the next read that includes it, which this run need not have made.
        if (excused.has(id)) continue;
        // A first sync given `since` stores what changed since then, and leaves the rest to
        // the sweep (guarantee 1): excused until stored.
        if (cursor === null && stampOf(d.dataset, is.json) < walkFrom) {
          excused.add(id);
          continue;
        }
        if (failed && omitted > 0) {
          excused.add(id);
          continue;
        }
        if (failed) continue;
        // Heart list has no `lastupdate`: a recording older than the walk's start is found
        // by the reconcile or the sweep, not by this run (the guarantee's one exception).
        if (
          d.dataset === "ecg" &&
          (JSON.parse(is.json) as { timestamp: number }).timestamp < walkFrom
        ) {
          continue;
        }
        missing.push({
          user: u.userId,
          id,
          text: `${u.userId} ${d.dataset} record ${key}: cloud ${is.json.slice(0, 400)}\n    expected rows ${JSON.stringify(is.rows).slice(0, 600)}\n    stored rows   ${JSON.stringify(rows).slice(0, 600)}`,
        });
      }
    }
  }
  // Each omission leaves out one record of one answer: a run may miss that many records
  // (then suspects until read again), never more.
  if (missing.length > 0 && missing.length <= omitted) {
    for (const m of missing) world.excused.get(m.user)!.add(m.id);
    world.note(
      `run check: ${missing.length} record(s) missing, within the ${omitted} omission(s) of the run`,
    );
    return;
  }
  if (missing.length > 0) {
    const why =
      omitted === 0
        ? "a run reported datasets ok without storing every record the cloud held when it started"
        : `a run reported datasets ok with ${missing.length} records missing, more than the ${omitted} the cloud omitted`;
    throw new InvariantError(
      "run",
      `${why}:\n  ${missing
        .slice(0, 8)
        .map((m) => m.text)
        .join("\n  ")}`,
      world,
    );
  }
}

function suspectId(dataset: SyncDataset, key: string, json: string): string {
  return `${dataset}\u0000${key}\u0000${json}`;
}

// The stored rows of a dataset, as sorted JSON lists by record key.
async function storedByRecord(
  world: World,
  userId: string,
  dataset: SyncDataset,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for await (const row of world.real.rows({ dataset, userId })) {
    const key = recordKeyOf(dataset, row) ?? "(no key)";
    const list = out.get(key) ?? [];
    list.push(JSON.stringify(row));
    out.set(key, list);
  }
  for (const list of out.values()) list.sort();
  return out;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The report of one user in a report, if the run had it. */
export function userReport(report: SyncReport, userId: string): UserSyncReport | undefined {
  return report.users.find((u) => u.userId === userId);
}

/** Whether one holder was granted the user's lease while another held it. */
function overlapped(leases: readonly LeaseEvent[], userId: string): boolean {
  let holder: string | undefined;
  for (const lease of leases) {
    if (lease.userId !== userId) continue;
    if (lease.event === "lock") {
      if (holder !== undefined && holder !== lease.holder) return true;
      holder = lease.holder;
    } else if (lease.holder === holder) {
      holder = undefined;
    }
  }
  return false;
}

/**
 * **busy**: of two runs of one user at once, exactly one is refused with `SYNC_BUSY` (or,
 * on a store with real I/O where the first ended before the second asked, neither, their
 * leases one after the other), at
 * once (no request, no dataset), with a message naming the run that holds the user, and the
 * refused run wrote nothing. Or the first run stalled past its lease (held inside one of its
 * requests while virtual time ran on), the second took the lease over, and the first
 * stopped at its next request or write, saying its lease lapsed; what it stored before is
 * judged by the data invariants.
 */
export function checkBusy(
  world: World,
  userId: string,
  reports: readonly [SyncReport, SyncReport],
  leases: readonly LeaseEvent[],
  refusedWrites: number,
  refusedRequests: number,
): void {
  const refused = reports.filter((r) => userReport(r, userId)?.error?.code === "SYNC_BUSY");
  const problems: string[] = [];
  // On a store with real I/O (PostgreSQL) the first run may end before the second asks
  // for the lease: then neither is refused, and their leases must not have overlapped.
  // (In memory and in a file, SQLite answers within one tick, and both always ask first.)
  if (refused.length === 0 && world.onPostgres && !overlapped(leases, userId)) return;
  if (refused.length !== 1) {
    problems.push(`${refused.length} of the two runs were refused with SYNC_BUSY (expected 1)`);
  }
  const loser = refused[0] === undefined ? undefined : userReport(refused[0], userId);
  const lapsed = /lease of this run on user \S+ lapsed/.test(loser?.error?.message ?? "");
  if (lapsed && refused[0] !== reports[0]) {
    problems.push("the run whose lease lapsed is not the one that took it first");
  }
  if (loser !== undefined && !lapsed) {
    if (loser.datasets.length > 0)
      problems.push(`the refused run synced ${loser.datasets.length} dataset(s)`);
    if (refusedWrites > 0) problems.push(`the refused run wrote ${refusedWrites} batch(es)`);
    if (refusedRequests > 0) problems.push(`the refused run sent ${refusedRequests} request(s)`);
    const message = loser.error?.message ?? "";
    if (!/process \d+ on /.test(message) || !/since \d{4}-\d\d-\d\dT/.test(message)) {
      problems.push(`the refusal does not say which run holds the user and since when: ${message}`);
    }
  }
  if (problems.length > 0) throw new InvariantError("busy", problems.join("; "), world);
}

/**
 * **lease**: a run after a stale lease. `expect` says whether it must be refused (a live
 * holder elsewhere) or must take the lease over (a holder dead here, or expired).
 */
export function checkLease(
  world: World,
  userId: string,
  report: SyncReport,
  expect: "refused" | "taken-over",
  holder: string,
): void {
  const u = userReport(report, userId);
  const busy = u?.error?.code === "SYNC_BUSY";
  if (expect === "taken-over" && busy) {
    throw new InvariantError(
      "lease",
      `the lease of ${holder} (dead or expired) was not taken over: ${u?.error?.message}`,
      world,
    );
  }
  if (expect === "refused") {
    if (!busy) {
      throw new InvariantError(
        "lease",
        `a run went ahead while ${holder} held an unexpired lease from another host`,
        world,
      );
    }
    if ((u?.datasets.length ?? 0) > 0) {
      throw new InvariantError("lease", "a refused run synced datasets", world);
    }
  }
}

/**
 * **never-worse**: every stored row of every user is a row some truth of the cloud had at an
 * instant a request could see it (`World.ever`). A row that fails this is corrupted: no
 * answer of the cloud ever held it with that content.
 */
export async function checkNeverWorse(world: World): Promise<void> {
  await world.observeAll();
  const problems: string[] = [];
  for (const user of world.users) {
    const ever = world.ever.get(user.id)!;
    for (const dataset of SYNC_DATASETS) {
      for await (const row of world.real.rows({ dataset, userId: user.id })) {
        if (ever.has(rowId(dataset, row))) continue;
        // Detail fetched before its new parent was stored, labelled in the user's zone
        // until its parent's marks have it read again (docs/sync-guarantees.md).
        const unzoned = unzonedId(dataset, row);
        if (unzoned !== undefined && world.everUnzoned.get(user.id)!.has(unzoned)) {
          continue;
        }
        problems.push(`${user.id} ${dataset}: ${JSON.stringify(row).slice(0, 500)}`);
        if (problems.length >= 6) break;
      }
      if (problems.length >= 6) break;
    }
  }
  if (problems.length > 0) {
    throw new InvariantError(
      "never-worse",
      `stored rows that no truth of the cloud ever had:\n  ${problems.join("\n  ")}`,
      world,
    );
  }
}

// What a walk filters a record by: its `timestamp` for ECG (heart list has no
// `lastupdate`), else its `modified`.
function stampOf(dataset: SyncDataset, json: string): number {
  const record = JSON.parse(json) as { timestamp?: number; modified?: number };
  return (dataset === "ecg" ? record.timestamp : record.modified) ?? 0;
}

/**
 * **eventual**: the database equals the cloud now, for every user and dataset, row for row:
 * `expectedRows`, the end-to-end tests' own expectation, with its intraday span widened to
 * a tracker's first session when that comes first, and to every intraday window the engine
 * keeps (the cloud holds those samples, the engine fetches them, `expectedRows` leaves them
 * out when its span, which follows the activity records, does not reach them: see
 * `truthRows`). Also checks that
 * the harness's faster truth (`truthRows`, behind never-worse) is `expectedRows` exactly
 * when not widened, so a drift between the two fails loudly instead of hiding a row.
 */
export async function checkEventual(world: World): Promise<void> {
  const now = world.now();
  for (const user of world.users) {
    const drift = await diffRows(truthRows(user.data, now), expectedRows(user.data, now));
    if (drift.length > 0) {
      throw new Error(
        `harness: truthRows drifted from expectedRows for ${user.id}: ${drift.join("; ")}`,
      );
    }
    const units = await world.real.units(user.id, "intraday");
    let want: RowSource = truthRows(user.data, now, { trackerSpan: true, windows: units });
    let have: RowSource = storedRows(world.real, user.id);
    if (user.profile === "vitals-study") {
      // A synthetic user never stops changing: its watch uploads samples all day, nights
      // and recordings arrive as time moves, so "no more changes" cannot hold for it. Its
      // detail of the last 30 hours (a day, the settle time, the lag) is still settling, as
      // guarantee 4 allows: left out of the comparison.
      const fresh = await settlingDetail(user.data, now);
      want = withoutRows(want, fresh);
      have = withoutRows(have, fresh);
    }
    // Intraday samples count from the first day a Withings tracker could have recorded one
    // (guarantee 4); the cloud may hold samples before it, which no client is asked to find.
    want = fromFirstActivity(user.data, now, units, want);
    // A sample changed on its own, with no change of the record of its day, in a window
    // already fetched is not looked for again (docs/sync-guarantees.md).
    const orphans = await orphanSeconds(world, user.id);
    want = withoutSamplesAt(want, (t) => orphans.has(t));
    have = withoutSamplesAt(have, (t) => orphans.has(t));
    const diff = await diffRows(have, want);
    if (diff.length > 0) {
      throw new InvariantError(
        "eventual",
        `after daily runs with no change, the database differs from the cloud for ${user.id}:\n  ${diff.join("\n  ")}`,
        world,
      );
    }
  }
}
