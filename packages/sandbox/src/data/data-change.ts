import type { JsonObject } from "./json-value.js";

/**
 * The datasets a {@link DataChange} can touch, and the id each is addressed by:
 *
 * | dataset | record | `id` |
 * |---|---|---|
 * | `measures` | one getmeas group | `grpid` |
 * | `activity` | one getactivity day | `date` (`YYYY-MM-DD`) |
 * | `workouts` | one getworkouts item | `id` |
 * | `sleep` | one getsummary night | `id` |
 * | `ecg` | one heart-list recording | `ecg.signalid` |
 * | `devices` | one getdevice item | `deviceid` |
 * | `goals` | the getgoals object | none |
 *
 * @example
 * ```ts
 * const ds: DataChangeDataset = "measures";
 * ```
 */
export type DataChangeDataset =
  | "measures"
  | "activity"
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
 *   `is_tracker` false, `brand` 18 and null device fields. A tracker day with steps > 0
 *   gets intraday samples (generated to add up to its steps).
 * - `workouts`: needs `startdate`, `enddate`; `category` defaults to 1, `data` to `{}`.
 * - `sleep`: needs `startdate`, `enddate`; `date` defaults to the local day of `enddate`;
 *   sleep detail is generated inside [startdate, enddate].
 * - `ecg`: needs `timestamp`; `ecg.afib` defaults to 0, `heart_rate` to 70; a signal is
 *   generated for it.
 * - `devices`: needs `deviceid`, `type`, `model`.
 * - `goals`: the whole goals object (replaces the current one).
 *
 * `created` and `modified` are set to the simulated `now` of the change.
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
 * cannot change). `modified` becomes `now`, so `lastupdate` finds the record again, even when
 * its `date` is old. For `goals`, `id` is not used and the fields merge into the goals.
 *
 * @example
 * ```ts
 * const edit: DataChange = { op: "edit", dataset: "activity", id: "2025-12-30", record: { steps: 12000 } };
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
 * the notification hints say something changed. Deleting `goals` makes getgoals answer
 * `"goals": []`.
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
 * const hints = user.apply({ op: "delete", dataset: "ecg", id: 100123450 }, now);
 * hints; // [{ appli: 54, startdate: …, enddate: … }]
 * ```
 */
export type DataChange = AddChange | EditChange | DeleteChange;
