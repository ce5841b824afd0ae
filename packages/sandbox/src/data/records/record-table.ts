import { comparePositions } from "./table-position.js";

/**
 * One stored record with what queries need beside its API shape. The record itself is
 * frozen and is handed out as is, so a page is a slice, not a copy.
 *
 * @example
 * ```ts
 * const e: TableEntry<{ grpid: number }> = {
 *   rec: { grpid: 7 }, id: 7, sort: 1700000000, tie: 7, day: 19675, created: 1700000100, modified: 1700000100,
 * };
 * ```
 */
export interface TableEntry<R> {
  /** The API-shaped record, frozen. */
  readonly rec: R;
  /**
   * The key `apply()` uses: `grpid`, workout or summary `id`, `signalid`, `deviceid`, or
   * `activityId(rec)` for activity records (a date can hold several).
   */
  readonly id: number | string;
  /** Primary order: epoch seconds (`date`, `startdate`, `timestamp`) or a day number. */
  readonly sort: number;
  /** Secondary order among equal `sort` values (the numeric id, or the insertion order). */
  readonly tie: number;
  /** The local day the record belongs to (for `YYYY-MM-DD` filters). */
  readonly day: number;
  /** When the record reached the cloud: it is invisible before. */
  readonly created: number;
  /** Last change: what `lastupdate` compares against. */
  readonly modified: number;
}

/**
 * The records of one dataset, kept sorted by (`sort`, `tie`, `id`) ascending (see
 * `comparePositions`), with an index by id. Appending in order (what day-by-day generation does) is O(1); other inserts and
 * removals are a binary search and a splice, which is fine for the rare data edit.
 *
 * @example
 * ```ts
 * const table = new RecordTable<{ grpid: number }>();
 * table.add({ rec: { grpid: 1 }, id: 1, sort: 10, tie: 1, day: 0, created: 10, modified: 10 });
 * table.get(1)?.rec.grpid; // 1
 * ```
 */
export class RecordTable<R> {
  #entries: TableEntry<R>[] = [];
  // The first entry per id; replayed captures can hold the same id twice (aiowithings'
  // measurement.json has one grpid with attrib 0 and 8), and both are kept and served.
  // Built on the first lookup only: generating history does not pay for an index that
  // only data edits and heart.get use.
  #index: Map<number | string, TableEntry<R>> | undefined;

  /** The number of records, visible or not. */
  get size(): number {
    return this.#entries.length;
  }

  /** All records in ascending (`sort`, `tie`, `id`) order. Do not mutate. */
  get entries(): readonly TableEntry<R>[] {
    return this.#entries;
  }

  /** The record stored under `id`, if any. */
  get(id: number | string): TableEntry<R> | undefined {
    return this.#byId().get(id);
  }

  #byId(): Map<number | string, TableEntry<R>> {
    if (this.#index === undefined) {
      this.#index = new Map();
      for (const entry of this.#entries)
        if (!this.#index.has(entry.id)) this.#index.set(entry.id, entry);
    }
    return this.#index;
  }

  /** Inserts one record at its sorted place. */
  add(entry: TableEntry<R>): void {
    const list = this.#entries;
    const last = list[list.length - 1];
    if (last === undefined || compare(last, entry) <= 0) list.push(entry);
    else list.splice(this.#upperBound(entry), 0, entry);
    if (this.#index !== undefined && !this.#index.has(entry.id)) this.#index.set(entry.id, entry);
  }

  /**
   * Inserts many records at once; `batch` must be sorted. Appending newer days is a push;
   * a batch of older days (history generated backwards on demand) is one linear merge.
   */
  addBatch(given: readonly TableEntry<R>[]): void {
    if (given.length === 0) return;
    // Producers sort by (sort, tie); records that tie there (several activity records of
    // a date) are put in id order here, which keeps the table's order total.
    let batch = given;
    for (let i = 1; i < given.length; i++) {
      if (compare(given[i - 1]!, given[i]!) > 0) {
        batch = [...given].sort(compare);
        break;
      }
    }
    const list = this.#entries;
    const last = list[list.length - 1];
    if (last === undefined || compare(last, batch[0]!) <= 0) {
      for (const entry of batch) list.push(entry);
    } else {
      const merged: TableEntry<R>[] = new Array(list.length + batch.length);
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < list.length && j < batch.length) {
        merged[k++] = compare(list[i]!, batch[j]!) <= 0 ? list[i++]! : batch[j++]!;
      }
      while (i < list.length) merged[k++] = list[i++]!;
      while (j < batch.length) merged[k++] = batch[j++]!;
      this.#entries = merged;
    }
    const index = this.#index;
    if (index !== undefined)
      for (const entry of batch) if (!index.has(entry.id)) index.set(entry.id, entry);
  }

  /** Removes the record stored under `id` and returns it. */
  remove(id: number | string): TableEntry<R> | undefined {
    const entry = this.#byId().get(id);
    if (entry === undefined) return undefined;
    this.removeEntry(entry);
    return entry;
  }

  /** Removes this very entry (whatever the index says about its id); false when absent. */
  removeEntry(entry: TableEntry<R>): boolean {
    const list = this.#entries;
    let at = this.#lowerBound(entry.sort, entry.tie);
    while (at < list.length && list[at] !== entry) at++;
    if (at >= list.length) return false;
    list.splice(at, 1);
    const byId = this.#byId();
    if (byId.get(entry.id) === entry) {
      byId.delete(entry.id);
      // Another record with the same id (a replayed duplicate) takes over the index.
      for (const other of list) {
        if (other.id === entry.id) {
          byId.set(entry.id, other);
          break;
        }
      }
    }
    return true;
  }

  /**
   * Replaces a record (its order may change): `current` when given (an edit that also
   * changes the id), else the record stored under `next.id`.
   */
  replace(next: TableEntry<R>, current?: TableEntry<R>): void {
    if (current === undefined) this.remove(next.id);
    else this.removeEntry(current);
    this.add(next);
    this.#byId().set(next.id, next);
  }

  /** The index of the first record with `sort >= value`. */
  firstAtOrAfter(value: number): number {
    return this.#lowerBound(value, Number.NEGATIVE_INFINITY);
  }

  /** The index just past the last record with `sort <= value`. */
  endAtOrBefore(value: number): number {
    return this.#lowerBound(value, Number.POSITIVE_INFINITY);
  }

  #lowerBound(sort: number, tie: number): number {
    const list = this.#entries;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = list[mid]!;
      if (e.sort < sort || (e.sort === sort && e.tie < tie)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #upperBound(entry: TableEntry<R>): number {
    const list = this.#entries;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(list[mid]!, entry) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function compare<R>(a: TableEntry<R>, b: TableEntry<R>): number {
  return comparePositions(a, b);
}
