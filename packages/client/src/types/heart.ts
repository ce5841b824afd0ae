/**
 * One ECG recording in `heart.list`.
 *
 * @example
 * ```ts
 * const r: HeartRecording = { ecg: { signalid: 9, afib: 0 }, timestamp: 1594911107 };
 * ```
 */
export interface HeartRecording {
  readonly deviceid?: string | null;
  readonly model?: number | null;
  /** Absent only in synthetic answers; a recording without it has no signal to fetch. */
  readonly ecg?: { readonly signalid: number; readonly afib?: number };
  readonly bloodpressure?: { readonly diastole: number; readonly systole: number };
  readonly heart_rate?: number;
  readonly modified?: number;
  readonly timestamp?: number;
  readonly timezone?: string;
}

/**
 * The body of `heart.list`.
 *
 * @example
 * ```ts
 * const body: HeartListBody = { series: [], more: false, offset: 0 };
 * ```
 */
export interface HeartListBody {
  readonly series: readonly HeartRecording[];
  readonly more?: boolean | number;
  readonly offset?: number;
}

/**
 * The body of `heart.get`: the ECG signal in µV. `heart_rate` is an int on older answers
 * and an object on newer ones.
 *
 * @example
 * ```ts
 * const s: HeartSignalBody = { signal: [-12, 4, 37], sampling_frequency: 300, wearposition: 1 };
 * ```
 */
export interface HeartSignalBody {
  readonly signal: readonly number[];
  readonly sampling_frequency?: number;
  readonly wearposition?: number;
  readonly model?: number | null;
  readonly heart_rate?:
    | number
    | {
        readonly grpid?: number;
        readonly value: number;
        readonly date?: number;
        readonly is_deleted?: boolean;
      };
}
