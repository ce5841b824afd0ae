import type { Store } from "@withings-kit/sync";
import type { DashboardRow } from "./chart-specs.js";
import { localLabel } from "./local-instant.js";

/**
 * One ECG recording as the list shows it.
 *
 * @example
 * ```ts
 * const r: EcgRecording = { signalid: 380201030, at: 1_736_925_593, when: "2025-01-15 08:19:53 UTC+01:00 Europe/Paris", classification: "negative", heartRate: 65, device: "BPM Core" };
 * ```
 */
export interface EcgRecording {
  readonly signalid: number;
  /** Epoch seconds of the recording. */
  readonly at: number;
  readonly when: string;
  /** The API's AFib classification (`negative`, `positive`, `inconclusive`, or its code). */
  readonly classification: string;
  readonly heartRate: number | null;
  readonly device: string | null;
}

/**
 * The signal of one recording: samples in µV at `samplingFrequency` Hz.
 *
 * @example
 * ```ts
 * const seconds = signal.microvolts.length / signal.samplingFrequency;
 * ```
 */
export interface EcgSignal {
  readonly recording: EcgRecording;
  readonly samplingFrequency: number;
  readonly microvolts: readonly number[];
}

/**
 * A user's ECG recordings, newest first.
 *
 * @example
 * ```ts
 * const list = await ecgRecordings(store, "42");
 * ```
 */
export async function ecgRecordings(store: Store, userId: string): Promise<EcgRecording[]> {
  const list: EcgRecording[] = [];
  for await (const stored of store.rows({ dataset: "ecg", userId })) {
    const recording = toRecording(stored as DashboardRow);
    if (recording !== undefined) list.push(recording);
  }
  return list.sort((a, b) => b.at - a.at || b.signalid - a.signalid);
}

/**
 * One recording and its signal, or `undefined` when the user has no such recording or its
 * signal is not stored yet.
 *
 * @example
 * ```ts
 * const signal = await ecgSignal(store, "42", 380201030);
 * ```
 */
export async function ecgSignal(
  store: Store,
  userId: string,
  signalid: number,
): Promise<EcgSignal | undefined> {
  const recording = (await ecgRecordings(store, userId)).find((r) => r.signalid === signalid);
  if (recording === undefined) return undefined;
  // Signals are selected by their recording's instant: ask for that one second only.
  const samples: { index: number; microvolts: number }[] = [];
  let samplingFrequency = 0;
  for await (const stored of store.rows({
    dataset: "ecg_signal",
    userId,
    from: recording.at,
    to: recording.at + 1,
  })) {
    const row = stored as DashboardRow;
    if (row["signalid"] !== signalid) continue;
    const index = row["index"];
    const microvolts = row["microvolts"];
    const hz = row["sampling_frequency"];
    if (typeof index !== "number" || typeof microvolts !== "number") continue;
    if (typeof hz === "number") samplingFrequency = hz;
    samples.push({ index, microvolts });
  }
  if (samples.length === 0 || samplingFrequency <= 0) return undefined;
  samples.sort((a, b) => a.index - b.index);
  return { recording, samplingFrequency, microvolts: samples.map((s) => s.microvolts) };
}

function toRecording(row: DashboardRow): EcgRecording | undefined {
  const signalid = row["signalid"];
  const timestamp = row["timestamp"];
  if (typeof signalid !== "number" || typeof timestamp !== "string") return undefined;
  const ms = Date.parse(timestamp);
  if (!Number.isFinite(ms)) return undefined;
  const s = (key: string) => (typeof row[key] === "string" ? (row[key] as string) : null);
  const n = (key: string) => (typeof row[key] === "number" ? (row[key] as number) : null);
  return {
    signalid,
    at: Math.floor(ms / 1000),
    when: localLabel(
      s("localDate") ?? timestamp,
      s("localTime"),
      n("offsetMinutes"),
      s("timezone"),
    ),
    classification: s("afibKey") ?? String(row["afib"] ?? "unknown"),
    heartRate: n("heart_rate"),
    device: s("modelName"),
  };
}
