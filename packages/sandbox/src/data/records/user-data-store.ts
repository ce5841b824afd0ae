import type { Goals } from "@withings-kit/client";
import { defaultCloudBehaviour } from "../../cloud/default-cloud-behaviour.js";
import type { ResolvedCloudBehaviour } from "../../types/cloud-behaviour.js";
import type { DayBatch } from "./day-batch.js";
import type { DetailSource } from "./detail-source.js";
import { ExplicitSamples } from "./explicit-samples.js";
import { OffsetTokens } from "./offset-tokens.js";
import { RecordTable, type TableEntry } from "./record-table.js";
import type {
  StoredActivity,
  StoredDevice,
  StoredEcg,
  StoredMeasureGroup,
  StoredSleepSummary,
  StoredWorkout,
} from "./stored-records.js";
import { TimeZoneCalendar } from "./time-zone-calendar.js";
import type { UserRecords } from "./user-records.js";

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
 * The records of one user: a table per dataset (sorted, frozen records), the goals, the
 * explicit intraday samples of data changes, the offset tokens it has answered, the cloud
 * behaviour it is answered with (page sizes, sort orders, offsets, clock skew, detail lag;
 * see `CloudBehaviour`), and a {@link DetailSource} for what is derived on demand.
 * Synthetic and replayed users differ only in their source.
 *
 * The store only holds and generates records: the answers (`answers/`), data changes
 * (`changes/`) and notifications (`notifications/`) read and edit it from outside, and
 * `UserData` puts them together as a `SandboxUserData`.
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
 * store.ensure(now);
 * store.measures.size; // the groups generated so far
 * ```
 */
export class UserDataStore implements UserRecords {
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
}
