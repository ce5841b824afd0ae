import { html } from "hono/html";
import type { EcgRecording } from "./ecg-recordings.js";
import { pageShell } from "./page-shell.js";

/**
 * One ECG recording: its classification, heart rate, device and sampling frequency, and the
 * waveform drawn by the browser script on the standard paper grid (25 mm/s, 10 mm/mV;
 * small squares 1 mm, large squares 5 mm).
 *
 * @example
 * ```ts
 * const page = await ecgPage({ base: "", userId: "42", recording, samplingFrequency: 500, samples: 15_000 });
 * ```
 */
export async function ecgPage(options: {
  readonly base: string;
  readonly userId: string;
  readonly recording: EcgRecording;
  readonly samplingFrequency: number;
  readonly samples: number;
}): Promise<string> {
  const { base, userId, recording: r } = options;
  const user = `${base}/users/${encodeURIComponent(userId)}`;
  const seconds = options.samples / options.samplingFrequency;
  const main = html`<h1>ECG of ${r.when}</h1>
<p id="ecg-facts">Classification: <strong>${r.classification}</strong> · heart rate ${r.heartRate === null ? "–" : `${r.heartRate} bpm`} · ${r.device ?? "unknown device"} · ${options.samplingFrequency} Hz, ${Number(seconds.toFixed(3))} s</p>
<figure class="chart ecg" id="ecg" data-ecg-src="${user}/ecg/${r.signalid}/signal.json" tabindex="0" aria-labelledby="ecg-title" aria-describedby="ecg-readout">
<figcaption id="ecg-title">Waveform at 25 mm/s and 10 mm/mV (small squares 0.04 s × 0.1 mV, large squares 0.2 s × 0.5 mV)</figcaption>
<div class="ecg-scroll"><div class="plot"></div></div>
<output class="readout" id="ecg-readout" aria-live="polite">Hover over the trace to read a sample.</output>
</figure>`;
  return pageShell({
    base,
    title: `ECG ${r.when}`,
    crumbs: [
      { href: base === "" ? "/" : base, label: "Study" },
      { href: user, label: `User ${userId}` },
      { href: `${user}/ecg/${r.signalid}`, label: "ECG" },
    ],
    main,
    charts: true,
  });
}
