import type { IntradaySample } from "@withings-kit/client";
import type { CloudAction } from "../../cloud/cloud-action.js";
import { CLOUD_ACTIONS } from "../../cloud/cloud-actions.js";
import { visibleIntraday } from "../detail-lag/visible-intraday.js";
import type { QueryParams } from "../queries/query-params.js";
import type { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import type { AnswerBody, AnswerContext } from "./data-answer.js";
import { serverSkew } from "./server-skew.js";

const INTRADAY: CloudAction = CLOUD_ACTIONS["measure.getintradayactivity"];
// The 24 h cut of the sandbox's table (Q8).
const WINDOW = INTRADAY.windowSeconds ?? 86_400;
const IDENTITY: ReadonlySet<string> = new Set(["model", "model_id", "deviceid"]);

/**
 * The body of `measure.getintradayactivity`: `series` keyed by epoch-second strings, each
 * sample labelled with `model`, `model_id` and `deviceid`. The window is [startdate,
 * enddate], cut silently to the first 24 h after `startdate` (Q8); with only one date it is
 * the 24 h after `startdate` or before `enddate`; with neither, the 24 h before the
 * `/v2/measure` server's now (the most recent data). `data_fields` keeps the named fields and
 * drops samples that have none of them. An empty result is `"series": []`, the PHP-style
 * empty map the real cloud sends for empty objects (Q12).
 *
 * The samples are the detail source's, merged with the explicit samples of data changes,
 * each shown once it has reached the cloud (detail lag, Q17; see `visibleIntraday`).
 *
 * @example
 * ```ts
 * const q = new QueryParams(new URLSearchParams("startdate=1700000000&enddate=1700086400&data_fields=steps"));
 * const body = answerIntraday(store, q, now, {});
 * ```
 */
export function answerIntraday(
  store: UserDataStore,
  q: QueryParams,
  now: number,
  context: AnswerContext,
): AnswerBody<"measure.getintradayactivity"> {
  let start = q.int("startdate");
  let end = q.int("enddate");
  const fields = q.stringList("data_fields");
  if (start === undefined && end === undefined) {
    end = now + serverSkew(store.cloud, "measure.getintradayactivity");
    start = end - WINDOW;
  } else if (start === undefined) {
    start = end! - WINDOW;
  } else if (end === undefined) {
    end = start + WINDOW;
  }
  if (start > end!) throw new SandboxParamError("startdate must not be after enddate");
  store.need(store.calendar.dayOf(start) - 1);
  const samples = visibleIntraday(store, start, Math.min(end!, start + WINDOW), now, context.notes);
  const wanted = fields === undefined ? undefined : new Set(fields);
  const series: Record<string, IntradaySample> = {};
  let count = 0;
  for (const [time, sample] of samples) {
    if (wanted === undefined) {
      series[time] = sample;
      count++;
      continue;
    }
    const out: Record<string, unknown> = {};
    let hits = 0;
    for (const [name, value] of Object.entries(sample)) {
      if (wanted.has(name)) {
        out[name] = value;
        hits++;
      } else if (IDENTITY.has(name)) out[name] = value;
    }
    if (hits === 0) continue;
    series[time] = out as IntradaySample;
    count++;
  }
  return { series: count === 0 ? [] : series };
}
