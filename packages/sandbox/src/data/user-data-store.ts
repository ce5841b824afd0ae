import type { Goals, IntradaySample, SleepSegment } from "@withings-kit/client";
import type { CloudAction } from "../cloud/cloud-action.js";
import { CLOUD_ACTIONS } from "../cloud/cloud-actions.js";
import { defaultCloudBehaviour } from "../cloud/default-cloud-behaviour.js";
import type { ListActionKey } from "../cloud/list-action-key.js";
import type { ResolvedCloudBehaviour, SkewedService } from "../types/cloud-behaviour.js";
import { answerGetactivity } from "./answer-getactivity.js";
import { answerGetdevice } from "./answer-getdevice.js";
import { answerGetgoals } from "./answer-getgoals.js";
import { answerGetmeas } from "./answer-getmeas.js";
import { answerGetsummary } from "./answer-getsummary.js";
import { answerGetworkouts } from "./answer-getworkouts.js";
import { answerHeartGet } from "./answer-heart-get.js";
import { answerHeartList } from "./answer-heart-list.js";
import { answerIntraday } from "./answer-intraday.js";
import type { AnswerNotes } from "./answer-notes.js";
import { answerSleepGet } from "./answer-sleep-get.js";
import { appliForMeasureType } from "./appli-for-measure-type.js";
import { applyChange } from "./apply-change.js";
import type { DataChange } from "./data-change.js";
import type { DataEndpointKey } from "./data-endpoint-key.js";
import type { DayBatch } from "./day-batch.js";
import type { DetailSource } from "./detail-source.js";
import { ExplicitSamples } from "./explicit-samples.js";
import { LATE_DAYS } from "./late-days.js";
import type { NotificationHint } from "./notification-hint.js";
import { OffsetTokens } from "./offset-tokens.js";
import { QueryParams } from "./query-params.js";
import { RecordTable, type TableEntry } from "./record-table.js";
import { SandboxParamError } from "./sandbox-param-error.js";
import type { SandboxSnapshot } from "./sandbox-snapshot.js";
import type { SandboxUserData } from "./sandbox-user-data.js";
import type {
  StoredActivity,
  StoredDevice,
  StoredEcg,
  StoredMeasureGroup,
  StoredSleepSummary,
  StoredWorkout,
} from "./stored-records.js";
import { TimeZoneCalendar } from "./time-zone-calendar.js";
import { visibleIntraday } from "./visible-intraday.js";
import { visibleSleepSegments } from "./visible-sleep-segments.js";
import { withSkew } from "./with-skew.js";

// Every series sleep get can carry (the sandbox's table): the truth of sleep detail holds all
// the source can build.
const ALL_SLEEP_SERIES: ReadonlySet<string> = new Set(
  (CLOUD_ACTIONS["sleep.get"] as CloudAction).dataFields,
);

/**
 * How a {@link UserDataStore} starts.
 *
 * @example
 * ```ts
 * const options: UserDataStoreOptions = { calendar: new TimeZoneCalendar("UTC"), source, firstDay: 20000, goals: null };
 * ```
 */
export interface UserDataStoreOptions {
  readonly calendar: TimeZoneCalendar;
  readonly source: DetailSource;
  /** The first local day the source generates (synthetic users). */
  readonly firstDay: number;
  /** The last day already counted as generated (the day before the creation `now`): nothing is generated up front. */
  readonly lastDay?: number;
  readonly goals: Goals | null;
}

/**
 * The one implementation of {@link SandboxUserData}: a table per dataset (sorted, frozen
 * records), the goals, the explicit intraday samples of data changes, the offset tokens it
 * has answered, the cloud behaviour it answers with (page sizes, sort orders, offsets, clock
 * skew, detail lag; see `CloudBehaviour`), and a {@link DetailSource} for what is derived on
 * demand. Synthetic and replayed users differ only in their source.
 *
 * Days are generated lazily, in both directions: whenever a call brings a `now` in a local
 * day not generated yet, the source appends the days up to it (new data keeps arriving as
 * simulated time moves on); and each query first asks for the oldest day its filters can
 * reach (`need`), or, walking newest first without a lower bound, for older stretches until
 * its page is full (`extendBack`). Memory grows with the days generated, not with calls.
 *
 * @example
 * ```ts
 * const store = new UserDataStore({ calendar, source, firstDay, goals: null });
 * store.answer("user.getgoals", new URLSearchParams(), now); // { goals: [] }
 * ```
 */
export class UserDataStore implements SandboxUserData {
  readonly timezone: string;
  readonly calendar: TimeZoneCalendar;
  readonly source: DetailSource;
  readonly measures = new RecordTable<StoredMeasureGroup>();
  readonly activity = new RecordTable<StoredActivity>();
  readonly workouts = new RecordTable<StoredWorkout>();
  readonly sleep = new RecordTable<StoredSleepSummary>();
  readonly ecg = new RecordTable<StoredEcg>();
  readonly devices = new RecordTable<StoredDevice>();
  /** Intraday samples set by data changes, merged over the source's. */
  readonly samples = new ExplicitSamples();
  /** The opaque offsets answered under the `token` offset style. */
  readonly tokens = new OffsetTokens();
  /** `null` when the user has no goals. */
  goals: Goals | null;
  #cloud: ResolvedCloudBehaviour = defaultCloudBehaviour(1);
  // Calendars of the zones records carry (travel), by zone.
  readonly #calendars = new Map<string, TimeZoneCalendar>();

  readonly #firstDay: number;
  // Generated history is the contiguous range [#oldest, #through] of local days. It grows
  // forward when `now` reaches a new day and backward when a query reaches further back.
  #oldest: number;
  #through: number;
  #tie = 0;
  // Ids for records added through apply(): above every generated range, so they never clash.
  #nextId = 20_000_000_000;
  #nextSignal = 2_000_000_000;
  // Entries that apply() added: arrivals() leaves them out, apply() already reported them.
  readonly #applied = new WeakSet<object>();

  constructor(options: UserDataStoreOptions) {
    this.calendar = options.calendar;
    this.timezone = options.calendar.timezone;
    this.source = options.source;
    this.goals = options.goals;
    this.#firstDay = options.firstDay;
    // Nothing is generated up front: a new user is ready at once, and history is produced
    // (newest first) as far back as queries reach.
    this.#through = options.lastDay ?? options.firstDay - 1;
    this.#oldest = this.#through + 1;
  }

  get cloud(): ResolvedCloudBehaviour {
    return this.#cloud;
  }

  useCloud(behaviour: ResolvedCloudBehaviour): void {
    this.#cloud = behaviour;
  }

  /** The clock skew of the server that answers `key` (`serverSkewSeconds` of its service). */
  skewOf(key: DataEndpointKey): number {
    const service = CLOUD_ACTIONS[key].service as SkewedService;
    return this.#cloud.serverSkewSeconds[service] ?? 0;
  }

  /**
   * The calendar of a record's own zone (`timezone` field): local dates are local to the
   * record (Q14), which is not always the user's zone. The user's calendar when absent.
   */
  calendarOf(timezone: string | null | undefined): TimeZoneCalendar {
    if (timezone == null || timezone === this.timezone) return this.calendar;
    let calendar = this.#calendars.get(timezone);
    if (calendar === undefined) {
      calendar = new TimeZoneCalendar(timezone);
      this.#calendars.set(timezone, calendar);
    }
    return calendar;
  }

  /**
   * The activity records of a local day, visible or not, in table order (a day can hold a
   * record per source).
   */
  activityOn(day: number): TableEntry<StoredActivity>[] {
    const table = this.activity;
    const out: TableEntry<StoredActivity>[] = [];
    const to = table.endAtOrBefore(day + 1);
    for (let i = table.firstAtOrAfter(day - 1); i < to; i++) {
      const entry = table.entries[i]!;
      if (entry.day === day) out.push(entry);
    }
    return out;
  }

  /** True when every day from the first one is generated (always, for replayed users). */
  get complete(): boolean {
    return this.source.generateDays === undefined || this.#oldest <= this.#firstDay;
  }

  /** Generates the days up to the local day of `now`, if the source generates days. */
  ensure(now: number): void {
    if (this.source.generateDays === undefined) return;
    const today = this.calendar.dayOf(now);
    if (today <= this.#through) return;
    const from = this.#through + 1;
    this.#insert(this.source.generateDays(Math.max(from, this.#firstDay), today));
    this.#through = today;
  }

  /**
   * Makes sure every record of local days from `day` on is generated. A generated record
   * of day `d` has `date`/`startdate` within a day of `d` and reaches the cloud at most a
   * week after it, so queries ask for the days their filters can reach (see `LATE_DAYS`).
   */
  need(day: number): void {
    if (this.source.generateDays === undefined) return;
    const target = Math.max(day, this.#firstDay);
    if (target >= this.#oldest) return;
    this.#insert(this.source.generateDays(target, this.#oldest - 1));
    this.#oldest = target;
  }

  /** Generates the whole history. */
  needAll(): void {
    this.need(this.#firstDay);
  }

  /**
   * Generates an older stretch of history, as long again as what exists (at least a
   * month): pagers that walk newest-first call it until their page is full or history ends.
   * Returns false when there was nothing left to generate.
   */
  extendBack(): boolean {
    if (this.complete) return false;
    const span = Math.max(32, this.#through - this.#oldest + 1);
    this.need(this.#oldest - span);
    return true;
  }

  #insert(batch: DayBatch): void {
    this.measures.addBatch(batch.measures);
    this.activity.addBatch(batch.activity);
    this.workouts.addBatch(batch.workouts);
    this.sleep.addBatch(batch.sleep);
    this.ecg.addBatch(batch.ecg);
  }

  /** The next insertion-order tie breaker (records without a numeric id). */
  nextTie(): number {
    return ++this.#tie;
  }

  /** A fresh id for a record added through `apply()`, one no record of its kind holds. */
  allocateId(kind: "record" | "signal"): number {
    if (kind === "signal") {
      while (this.ecg.get(this.#nextSignal) !== undefined) this.#nextSignal++;
      return this.#nextSignal++;
    }
    const taken = (id: number) =>
      this.measures.get(id) !== undefined ||
      this.workouts.get(id) !== undefined ||
      this.sleep.get(id) !== undefined;
    while (taken(this.#nextId)) this.#nextId++;
    return this.#nextId++;
  }

  /** Marks an entry as added by `apply()`. */
  markApplied(entry: TableEntry<unknown>): void {
    this.#applied.add(entry);
  }

  /** True for entries `apply()` added (and their later edits). */
  isApplied(entry: TableEntry<unknown>): boolean {
    return this.#applied.has(entry);
  }

  answer(
    key: DataEndpointKey,
    params: URLSearchParams,
    now: number,
    pageSizes?: Partial<Record<ListActionKey, number>>,
    notes?: AnswerNotes,
  ): unknown {
    this.ensure(now);
    const q = new QueryParams(params);
    switch (key) {
      case "measure.getmeas":
        return answerGetmeas(this, q, now, pageSizes);
      case "measure.getactivity":
        return answerGetactivity(this, q, now, pageSizes);
      case "measure.getintradayactivity":
        return answerIntraday(this, q, now, notes);
      case "measure.getworkouts":
        return answerGetworkouts(this, q, now, pageSizes);
      case "heart.list":
        return answerHeartList(this, q, now, pageSizes);
      case "heart.get":
        return answerHeartGet(this, q, now, notes);
      case "sleep.get":
        return answerSleepGet(this, q, now, notes);
      case "sleep.getsummary":
        return answerGetsummary(this, q, now, pageSizes);
      case "user.getdevice":
        return answerGetdevice(this, now);
      case "user.getgoals":
        return answerGetgoals(this);
      default:
        throw new SandboxParamError(`unknown action ${String(key)}`);
    }
  }

  intradaySamples(start: number, end: number, now: number): [number, IntradaySample][] {
    this.ensure(now);
    this.need(this.calendar.dayOf(start) - 1);
    return visibleIntraday(this, start, end, now);
  }

  sleepSegments(start: number, end: number, now: number): SleepSegment[] {
    this.ensure(now);
    this.need(this.calendar.dayOf(start) - 2);
    return visibleSleepSegments(this, start, end, now, ALL_SLEEP_SERIES);
  }

  apply(change: DataChange, now: number): NotificationHint[] {
    this.ensure(now);
    // Any record of the history can be edited: generate all of it (once).
    this.needAll();
    return applyChange(this, change, now);
  }

  snapshot(now: number): SandboxSnapshot {
    this.ensure(now);
    this.needAll();
    // Stamps as each dataset's server answers them (`serverSkewSeconds`).
    const visible = <R extends object>(table: RecordTable<R>, key: DataEndpointKey): R[] => {
      const skew = this.skewOf(key);
      const out: R[] = [];
      for (const e of table.entries) if (e.created <= now) out.push(withSkew(e.rec, skew));
      return out;
    };
    const devices: StoredDevice[] = [];
    for (const e of this.devices.entries)
      if (e.created <= now) devices.push(this.source.device(this, e, now));
    return {
      timezone: this.timezone,
      measures: visible(this.measures, "measure.getmeas"),
      activity: visible(this.activity, "measure.getactivity"),
      workouts: visible(this.workouts, "measure.getworkouts"),
      sleep: visible(this.sleep, "sleep.getsummary"),
      ecg: visible(this.ecg, "heart.list"),
      devices,
      goals: this.goals,
    };
  }

  counts(now: number): Record<string, number> {
    this.ensure(now);
    this.needAll();
    const count = <R>(table: RecordTable<R>): number => {
      let n = 0;
      for (const e of table.entries) if (e.created <= now) n++;
      return n;
    };
    return {
      measures: count(this.measures),
      activity: count(this.activity),
      workouts: count(this.workouts),
      sleep: count(this.sleep),
      ecg: count(this.ecg),
      devices: count(this.devices),
      goals: this.goals === null ? 0 : 1,
    };
  }

  arrivals(since: number, now: number): NotificationHint[] {
    this.ensure(now);
    this.need(this.calendar.dayOf(since) - LATE_DAYS);
    const ranges = new Map<number, { start: number; end: number; days: Set<number> }>();
    const note = (appli: number, start: number, end: number, day?: number): void => {
      const range = ranges.get(appli);
      if (range === undefined) {
        ranges.set(appli, { start, end, days: new Set(day === undefined ? [] : [day]) });
        return;
      }
      range.start = Math.min(range.start, start);
      range.end = Math.max(range.end, end);
      if (day !== undefined) range.days.add(day);
    };
    const arrived = (e: TableEntry<unknown>): boolean =>
      e.created > since && e.created <= now && !this.isApplied(e);
    for (const e of this.measures.entries) {
      if (!arrived(e)) continue;
      for (const appli of new Set(e.rec.measures.map((m) => appliForMeasureType(m.type))))
        note(appli, e.sort, e.sort);
    }
    for (const e of this.activity.entries) {
      if (!arrived(e)) continue;
      // The record's local day, in its own zone (Q14).
      const cal = this.calendarOf(e.rec.timezone);
      note(16, cal.midnight(e.day), cal.midnight(e.day + 1) - 1, e.day);
    }
    for (const e of this.workouts.entries)
      if (arrived(e)) note(16, e.rec.startdate, e.rec.enddate, e.day);
    for (const e of this.sleep.entries)
      if (arrived(e)) note(44, e.rec.startdate, e.rec.enddate, e.day);
    for (const e of this.ecg.entries) if (arrived(e)) note(54, e.sort, e.sort);
    const hints: NotificationHint[] = [];
    for (const [appli, range] of [...ranges].sort((a, b) => a[0] - b[0])) {
      const only = range.days.size === 1 ? [...range.days][0] : undefined;
      const hint = { appli, startdate: range.start, enddate: range.end };
      hints.push(only === undefined ? hint : { ...hint, date: this.calendar.ymd(only) });
    }
    return hints;
  }
}
