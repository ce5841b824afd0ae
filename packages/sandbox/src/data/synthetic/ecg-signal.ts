import type { HeartSignalBody } from "@withings-kit/client";
import type { SeededRandom } from "../random/seeded-random.js";

// One heartbeat as a sum of Gaussian waves: [centre (s from the R peak), width (s), µV].
const WAVES: readonly (readonly [number, number, number])[] = [
  [-0.2, 0.025, 110], // P
  [-0.045, 0.01, -130], // Q
  [0, 0.011, 1150], // R
  [0.04, 0.012, -260], // S
  [0.26, 0.045, 290], // T
];

/**
 * Generates the ECG signal of one heart-list recording, on demand (signals are never
 * stored): BPM Core records 20 s at 500 Hz on the left arm (wearposition 3), ScanWatch and
 * Move ECG 30 s at 300 Hz on the wrist (reference §1.9). Beats follow the recording's
 * heart rate with a little variability, or irregular intervals when `afib` is 1; values are
 * integers in µV with baseline wander and noise.
 *
 * @example
 * ```ts
 * const body = ecgSignal(rng, { model: 44, heartRate: 64, afib: 0 });
 * body.signal.length; // 10000
 * ```
 */
export function ecgSignal(
  rng: SeededRandom,
  recording: { readonly model: number; readonly heartRate: number; readonly afib: number },
): HeartSignalBody {
  const bpm = recording.model === 44;
  const rate = bpm ? 500 : 300;
  const seconds = bpm ? 20 : 30;
  const n = rate * seconds;
  const samples = new Float64Array(n);
  const meanRr = 60 / Math.max(30, Math.min(200, recording.heartRate || 70));
  let beat = rng.range(0.1, meanRr);
  while (beat < seconds + 0.4) {
    for (const [centre, width, amplitude] of WAVES) {
      const at = beat + centre;
      const from = Math.max(0, Math.floor((at - 4 * width) * rate));
      const to = Math.min(n - 1, Math.ceil((at + 4 * width) * rate));
      for (let i = from; i <= to; i++) {
        const x = (i / rate - at) / width;
        samples[i] = (samples[i] ?? 0) + amplitude * Math.exp(-0.5 * x * x);
      }
    }
    const jitter = recording.afib === 1 ? rng.range(0.6, 1.45) : rng.range(0.96, 1.04);
    beat += meanRr * jitter;
  }
  const wanderPhase = rng.range(0, 2 * Math.PI);
  const signal: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const wander = 60 * Math.sin((2 * Math.PI * 0.25 * i) / rate + wanderPhase);
    signal[i] = Math.round((samples[i] ?? 0) + wander + rng.normal(0, 12));
  }
  return {
    signal,
    sampling_frequency: rate,
    wearposition: bpm ? 3 : 1,
    model: recording.model,
    heart_rate: recording.heartRate,
  };
}
