import { html } from "hono/html";
import { CHART_SPECS } from "./chart-specs.js";
import type { EcgRecording } from "./ecg-recordings.js";
import type { LatestVital } from "./latest-vitals.js";
import { pageShell } from "./page-shell.js";
import { RANGE_PRESETS, type RangePreset } from "./range-preset.js";

/**
 * One user's page: latest vitals with their time and device, the range presets, a chart per
 * `CHART_SPECS` entry (drawn by the browser script from its JSON) and the ECG recordings.
 *
 * @example
 * ```ts
 * const page = await userPage({ base: "", userId: "42", range: "month", latest, ecg });
 * ```
 */
export async function userPage(options: {
  readonly base: string;
  readonly userId: string;
  readonly range: RangePreset;
  readonly latest: readonly LatestVital[];
  readonly ecg: readonly EcgRecording[];
}): Promise<string> {
  const { base, userId, range } = options;
  const user = `${base}/users/${encodeURIComponent(userId)}`;
  const main = html`<h1>User ${userId}</h1>
<section aria-labelledby="latest-title">
<h2 id="latest-title">Latest vitals</h2>
${
  options.latest.length === 0
    ? html`<p>No vitals stored.</p>`
    : html`<dl class="vitals">${options.latest.map(
        (v) =>
          html`<div data-vital="${v.key}"><dt>${v.label}</dt><dd>${v.value}${v.unit === "" ? "" : ` ${v.unit}`}<small>${v.when}${v.device === null ? "" : ` · ${v.device}`}</small></dd></div>`,
      )}</dl>`
}
</section>
<section aria-labelledby="charts-title">
<h2 id="charts-title">Charts</h2>
<nav class="presets" aria-label="Range">${RANGE_PRESETS.map(
    (p) =>
      html`<a href="${user}?range=${p}" aria-current="${p === range ? "true" : "false"}">${p === "all" ? "All" : `Last ${p}`}</a>`,
  )}</nav>
<p class="muted">Times are each reading's local time in its own zone. Drag across a chart to zoom, double-click or press Escape to go back; on a focused chart the arrow keys step through readings.</p>
${CHART_SPECS.map(
  (
    c,
  ) => html`<figure class="chart" id="chart-${c.id}" data-chart="${c.id}" data-src="${user}/series/${c.id}.json" data-query="range=${range}" tabindex="0" aria-labelledby="chart-${c.id}-title" aria-describedby="chart-${c.id}-readout">
<figcaption id="chart-${c.id}-title">${c.title}</figcaption>
<div class="plot"></div>
<output class="readout" id="chart-${c.id}-readout" aria-live="polite">Hover over or focus the chart to read exact values.</output>
</figure>`,
)}
</section>
<section aria-labelledby="ecg-title">
<h2 id="ecg-title">ECG recordings</h2>
${
  options.ecg.length === 0
    ? html`<p>No ECG recordings stored.</p>`
    : html`<div class="scroll" role="region" aria-labelledby="ecg-title" tabindex="0"><table id="ecg-list"><thead><tr><th scope="col">Recorded</th><th scope="col">Classification</th><th scope="col">Heart rate</th><th scope="col">Device</th></tr></thead><tbody>${options.ecg.map(
        (r) =>
          html`<tr data-signal="${r.signalid}"><td><a href="${user}/ecg/${r.signalid}">${r.when}</a></td><td class="${r.classification === "positive" ? "flag" : ""}">${r.classification}</td><td>${r.heartRate === null ? "–" : `${r.heartRate} bpm`}</td><td>${r.device ?? "–"}</td></tr>`,
      )}</tbody></table></div>`
}
</section>`;
  return pageShell({
    base,
    title: `User ${userId}`,
    crumbs: [
      { href: base === "" ? "/" : base, label: "Study" },
      { href: user, label: `User ${userId}` },
    ],
    main,
    charts: true,
  });
}
