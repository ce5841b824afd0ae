import type { SleepSegment } from "@withings-kit/client";
import type { CloudAction } from "../../cloud/cloud-action.js";
import { CLOUD_ACTIONS } from "../../cloud/cloud-actions.js";
import { visibleSleepSegments } from "../detail-lag/visible-sleep-segments.js";
import type { QueryParams } from "../queries/query-params.js";
import type { UserDataStore } from "../records/user-data-store.js";
import { SandboxParamError } from "../sandbox-param-error.js";
import type { AnswerBody, AnswerContext } from "./data-answer.js";

const SLEEP_GET: CloudAction = CLOUD_ACTIONS["sleep.get"];
// The 24 h cut of the sandbox's table (Q8; the spec also says 7 days, the reference plans
// for 24 h).
const WINDOW = SLEEP_GET.windowSeconds ?? 86_400;

/**
 * The body of `sleep.get`: the segments that start in [startdate, enddate], with one keyed
 * series (`{"<epoch>": value}`) per requested data field and none when `data_fields` is
 * omitted, plus the body `model` (16 tracker, 32 sleep monitor). Both dates are required; a
 * range over 24 h is silently cut to the first 24 h after `startdate` (Q8). Segments show
 * once they have reached the cloud (detail lag, Q17; see `visibleSleepSegments`).
 *
 * @example
 * ```ts
 * const q = new QueryParams(new URLSearchParams("startdate=1700000000&enddate=1700050000&data_fields=hr,rr"));
 * const body = answerSleepGet(store, q, now, {});
 * ```
 */
export function answerSleepGet(
  store: UserDataStore,
  q: QueryParams,
  now: number,
  context: AnswerContext,
): AnswerBody<"sleep.get"> {
  const start = q.int("startdate");
  const end = q.int("enddate");
  const fields = new Set(q.stringList("data_fields") ?? []);
  if (start === undefined || end === undefined)
    throw new SandboxParamError("startdate and enddate are required");
  if (start > end) throw new SandboxParamError("startdate must not be after enddate");
  store.need(store.calendar.dayOf(start) - 2);
  const segments = visibleSleepSegments(
    store,
    start,
    Math.min(end, start + WINDOW),
    now,
    fields,
    context.notes,
  );
  const series = segments.map((segment) => keepSeries(segment, fields));
  const model = store.source.sleepModel;
  return model === undefined ? { series } : { series, model };
}

// Keeps the segment's plain fields and only the keyed series that were asked for.
function keepSeries(segment: SleepSegment, fields: ReadonlySet<string>): SleepSegment {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(segment)) {
    const isSeries = typeof value === "object" && value !== null;
    if (!isSeries || fields.has(name)) out[name] = value;
  }
  return out as unknown as SleepSegment;
}
