import { type Store, SYNC_DATASETS } from "@withings-kit/sync";
import { type Context, Hono } from "hono";
import { CHART_SPECS, VITALS_SPEC } from "./chart-specs.js";
import { DASHBOARD_CSS } from "./dashboard-css.js";
import { DASHBOARD_SCRIPT } from "./dashboard-script.js";
import { DatasetPoints } from "./dataset-points.js";
import { ecgPage } from "./ecg-page.js";
import { ecgRecordings, ecgSignal } from "./ecg-recordings.js";
import { latestVitals } from "./latest-vitals.js";
import { parsePreset, presetRange, type RangePreset } from "./range-preset.js";
import { readChart } from "./read-chart.js";
import { studyPage } from "./study-page.js";
import { studyParticipants } from "./study-participants.js";
import { uplotAssets } from "./uplot-assets.js";
import { userPage } from "./user-page.js";
import { DEFAULT_VITAL_RANGES, type VitalKey, type VitalRange } from "./vital-ranges.js";

/**
 * Options of {@link dashboardRouter}.
 *
 * @example
 * ```ts
 * const options: DashboardOptions = { store, basePath: "/admin/dashboard", ranges: { systolic: { atOrAbove: 135 } } };
 * ```
 */
export interface DashboardOptions {
  /** Where the data is read, only through the `Store` interface (SQLite or PostgreSQL). */
  readonly store: Store;
  /** The path the router is mounted at, for the links of its pages. @default "" */
  readonly basePath?: string;
  /** The study's ranges, merged over `DEFAULT_VITAL_RANGES` vital by vital. */
  readonly ranges?: Readonly<Partial<Record<VitalKey, VitalRange>>>;
  /** Epoch seconds of "now", for days since the last reading. @default the system clock */
  readonly now?: () => number;
  /** Days the study view counts out-of-range readings over. @default 30 */
  readonly recentDays?: number;
  /** The range a user page opens on. @default "month" */
  readonly defaultRange?: RangePreset;
  /**
   * The (user, dataset) pairs whose chart points are kept between requests (see
   * `DatasetPoints`); each holds one entry per reading, up to a few hundred thousand for
   * years of a watch's intraday samples. @default 32
   */
  readonly cacheSize?: number;
}

// Everything the pages load is served here; nothing may come from another origin.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const PAGE_HEADERS = {
  "cache-control": "no-store",
  "content-security-policy": CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};
const ASSET_CACHE = "private, max-age=3600";

/**
 * The dashboard as a web app of its own (a Hono app, so a `fetch` handler): the study view
 * at `/`, each user's vitals, charts and ECG list at `/users/:id`, one ECG's waveform at
 * `/users/:id/ecg/:signalid`, the JSON the page scripts draw
 * (`/users/:id/series/:chart.json?range=week|month|year|all` or `?from=&to=`, with
 * `&width=` in pixels; `/users/:id/ecg/:signalid/signal.json`), and its assets under
 * `/assets/` (uPlot from the installed package, the dashboard's script and stylesheet).
 * It reads only through the store's interface, escapes every value, renders no token or
 * secret (the store holds none it would read), and its pages fetch nothing from another
 * origin (`Content-Security-Policy` allows only `'self'`). It has no access control of its
 * own: mount it behind the admin token (as `createService` does) or serve it on loopback.
 *
 * Range presets end at the user's last sync, so a history synced long ago still opens on
 * its last week of data. Chart data is downsampled for drawing to about two real readings
 * per pixel column (`downsampleMinMax`); the page loads a zoomed span again at full detail.
 *
 * @example
 * ```ts
 * const app = dashboardRouter({ store: openSqliteStore("withings.db") });
 * const res = await app.request("/users/42/series/blood-pressure.json?range=year&width=1200");
 * ```
 */
export function dashboardRouter(options: DashboardOptions): Hono {
  const { store } = options;
  const base = (options.basePath ?? "").replace(/\/+$/, "");
  const ranges = { ...DEFAULT_VITAL_RANGES, ...options.ranges };
  const now = options.now ?? (() => Date.now() / 1000);
  const recentDays = options.recentDays ?? 30;
  const defaultRange = options.defaultRange ?? "month";
  const cache = new DatasetPoints([...CHART_SPECS, VITALS_SPEC], options.cacheSize ?? 32);
  const app = new Hono();

  const knownUser = async (id: string) => (await store.users()).includes(id);
  const page = (c: Context, body: string) => c.html(body, 200, PAGE_HEADERS);
  const json = (c: Context, body: unknown) => c.json(body, 200, PAGE_HEADERS);
  const notFound = (c: Context) => c.text("not found", 404, PAGE_HEADERS);

  app.get("/", async (c) => {
    const at = now();
    const participants = await studyParticipants(store, cache, { now: at, ranges, recentDays });
    return page(c, await studyPage({ base, participants, ranges, recentDays, now: at }));
  });

  app.get("/users/:id", async (c) => {
    const userId = c.req.param("id");
    if (!(await knownUser(userId))) return notFound(c);
    const { latest } = await latestVitals(store, cache, userId, Number.POSITIVE_INFINITY);
    const ecg = await ecgRecordings(store, userId);
    const range = parsePreset(c.req.query("range"), defaultRange);
    return page(c, await userPage({ base, userId, range, latest, ecg }));
  });

  app.get("/users/:id/series/:file", async (c) => {
    const userId = c.req.param("id");
    const file = c.req.param("file");
    const spec = CHART_SPECS.find((s) => `${s.id}.json` === file);
    if (spec === undefined || !(await knownUser(userId))) return notFound(c);
    const from = epochParam(c.req.query("from"));
    const to = epochParam(c.req.query("to"));
    const range =
      from !== undefined || to !== undefined
        ? { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }
        : presetRange(
            parsePreset(c.req.query("range"), defaultRange),
            await lastSync(store, userId, now()),
          );
    const width = Math.min(8000, Math.max(50, Number(c.req.query("width")) || 1000));
    return json(c, await readChart(store, cache, userId, spec, range, width));
  });

  app.get("/users/:id/ecg/:signalid", async (c) => {
    const userId = c.req.param("id");
    const signalid = Number(c.req.param("signalid"));
    if (!Number.isSafeInteger(signalid)) return notFound(c);
    const signal = await ecgSignal(store, userId, signalid);
    if (signal === undefined) return notFound(c);
    return page(
      c,
      await ecgPage({
        base,
        userId,
        recording: signal.recording,
        samplingFrequency: signal.samplingFrequency,
        samples: signal.microvolts.length,
      }),
    );
  });

  app.get("/users/:id/ecg/:signalid/signal.json", async (c) => {
    const signalid = Number(c.req.param("signalid"));
    if (!Number.isSafeInteger(signalid)) return notFound(c);
    const signal = await ecgSignal(store, c.req.param("id"), signalid);
    return signal === undefined ? notFound(c) : json(c, signal);
  });

  app.get("/assets/uPlot.iife.min.js", (c) =>
    c.body(uplotAssets().js, 200, asset("text/javascript; charset=utf-8")),
  );
  app.get("/assets/uPlot.min.css", (c) =>
    c.body(uplotAssets().css, 200, asset("text/css; charset=utf-8")),
  );
  app.get("/assets/dashboard.js", (c) =>
    c.body(DASHBOARD_SCRIPT, 200, asset("text/javascript; charset=utf-8")),
  );
  app.get("/assets/dashboard.css", (c) =>
    c.body(DASHBOARD_CSS, 200, asset("text/css; charset=utf-8")),
  );
  app.notFound((c) => notFound(c));
  return app;
}

function asset(type: string): Record<string, string> {
  return {
    "content-type": type,
    "cache-control": ASSET_CACHE,
    "x-content-type-options": "nosniff",
  };
}

function epochParam(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d{1,12}$/.test(value)) return undefined;
  return Number(value);
}

// The user's data is "as of" its last sync: presets end there rather than at today.
async function lastSync(store: Store, userId: string, fallback: number): Promise<number> {
  let last: number | undefined;
  for (const dataset of SYNC_DATASETS) {
    const at = (await store.getState(userId, dataset))?.lastSyncAt;
    if (at !== null && at !== undefined && (last === undefined || at > last)) last = at;
  }
  return last ?? Math.floor(fallback);
}
