import type { JsonObject } from "./json-value.js";

/**
 * The datasets a {@link DataChange} can touch, and the id each is addressed by:
 *
 * | dataset | record | `id` |
 * |---|---|---|
 * | `measures` | one getmeas group | `grpid` |
 * | `activity` | one getactivity record | `activityId(rec)`: `date\|brand\|modelid`, e.g. `2026-01-05\|1\|93`; or the bare `date` (`YYYY-MM-DD`) when it is the only record of that date |
 * | `intraday` | one intraday sample | its `time` (epoch seconds) |
 * | `workouts` | one getworkouts item | `id` |
 * | `sleep` | one getsummary summary | `id` |
 * | `ecg` | one heart-list recording | `ecg.signalid` |
 * | `devices` | one getdevice item | `deviceid` |
 * | `goals` | the getgoals object | none |
 *
 * A date can hold several activity records (one per source: a Withings tracker beside an
 * external step count, reference §1.6); addressing such a date by its bare `date` is an
 * error that names the ids. Ids are reused: an add may take the id of a deleted record.
 *
 * @example
 * ```ts
 * const ds: DataChangeDataset = "measures";
 * ```
 */
export type DataChangeDataset =
  | "measures"
  | "activity"
  | "intraday"
  | "workouts"
  | "sleep"
  | "ecg"
  | "devices"
  | "goals";

/**
 * Datasets whose records are addressed by an id (every one but `goals`).
 *
 * @example
 * ```ts
 * const ds: KeyedDataset = "ecg";
 * ```
 */
export type KeyedDataset = Exclude<DataChangeDataset, "goals">;

/**
 * Adds a record. `record` is API-shaped, as the endpoint would answer it; fields left out
 * get defaults, and ids left out are assigned (find them with `snapshot()`):
 * - `measures`: needs `date` and `measures: [{value, type, unit, position?}]`; defaults
 *   `attrib` 2 (manual), `category` 1, and null device fields (a manual entry).
 * - `activity`: needs `date`; metrics flat (`steps`, `distance`, ...); defaults
 *   `is_tracker` false, `brand` 18 and null device fields. Its id is `activityId(rec)`
 *   (date, brand and modelid), so another source can add a record for the same date. A
 *   tracker record with steps > 0 gets intraday samples (generated to add up to its steps).
 * - `intraday`: needs `time` (epoch seconds); any intraday data field (`steps`,
 *   `heart_rate`, `calories`, `distance`, `elevation`, `duration`, …) plus `deviceid`,
 *   `model`, `model_id` (default null). It replaces a derived sample at the same second.
 * - `workouts`: needs `startdate`, `enddate`; `category` defaults to 1, `data` to `{}`.
 * - `sleep`: needs `startdate`, `enddate`; `date` defaults to the local day of `enddate`;
 *   sleep detail is generated inside [startdate, enddate].
 * - `ecg`: needs `timestamp`; `ecg.afib` defaults to 0, `heart_rate` to 70; a signal is
 *   generated for it.
 * - `devices`: needs `deviceid`, `type`, `model`.
 * - `goals`: the whole goals object (replaces the current one).
 *
 * `created` and `modified` are set to the simulated `now` of the change. Detail added this
 * way (intraday samples, the detail of an added night, the signal of an added recording)
 * reaches the cloud after the record, under the cloud's `detailLagSeconds` (Q17).
 *
 * @example
 * ```ts
 * const add: DataChange = {
 *   op: "add", dataset: "measures",
 *   record: { date: 1767200000, measures: [{ value: 72150, type: 1, unit: -3 }] },
 * };
 * ```
 */
export interface AddChange {
  readonly op: "add";
  readonly dataset: DataChangeDataset;
  readonly record: JsonObject;
}

/**
 * Edits a record: `record` holds the fields to replace (a shallow merge; the id field itself
 * cannot change, nor an activity record's date, brand and modelid, which make its id).
 * `modified` becomes `now`, so `lastupdate` finds the record again, even when its `date` is
 * old; with the cloud's `editsRewriteCreated`, `created` becomes `now` too. For `intraday`,
 * `id` is the sample's time and the fields merge into the sample there (explicit or
 * derived). For `goals`, `id` is not used and the fields merge into the goals.
 *
 * @example
 * ```ts
 * const edit: DataChange = { op: "edit", dataset: "activity", id: "2025-12-30|1|93", record: { steps: 12000 } };
 * ```
 */
export interface EditChange {
  readonly op: "edit";
  readonly dataset: DataChangeDataset;
  /** Required except for `goals`. */
  readonly id?: number | string;
  readonly record: JsonObject;
}

/**
 * Deletes a record. It simply disappears from every answer (no tombstone, quirk Q9); only
 * the notification hints say something changed. Deleting an `intraday` time hides a derived
 * sample there too. Deleting `goals` makes getgoals answer `"goals": []`.
 *
 * @example
 * ```ts
 * const del: DataChange = { op: "delete", dataset: "measures", id: 4_000_123_456 };
 * ```
 */
export interface DeleteChange {
  readonly op: "delete";
  readonly dataset: DataChangeDataset;
  /** Required except for `goals`. */
  readonly id?: number | string;
}

/**
 * One edit of a user's data at a simulated instant, JSON-friendly so the control API can
 * take it as a request body as is (validate untrusted input with `parseDataChange`).
 *
 * @example
 * ```ts
 * const hints = sandbox.userData(userid).apply({ op: "delete", dataset: "ecg", id: 100123450 }, now);
 * hints; // [{ appli: 54, startdate: …, enddate: … }]
 * ```
 */
export type DataChange = AddChange | EditChange | DeleteChange;
