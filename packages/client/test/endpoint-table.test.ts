import { describe, expect, expectTypeOf, it } from "vitest";
import { decoders } from "../src/decode/decoders.js";
import {
  type EndpointKey,
  endpoints,
  type ListKey,
  type PaginatedEndpointKey,
  type UserEndpointKey,
} from "../src/endpoints.js";
import type { Activity, GetActivityBody, GetIntradayBody } from "../src/types/activity.js";
import type { EndpointResults } from "../src/types/endpoint-results.js";
import type { HeartRecording } from "../src/types/heart.js";
import type { ItemOf } from "../src/types/item-of.js";
import type { GetMeasBody, MeasureGroup } from "../src/types/measure.js";
import type { EmptyBody } from "../src/types/notify.js";
import type { TokenResponseBody } from "../src/types/oauth.js";
import type { GetSleepBody, SleepSummary } from "../src/types/sleep.js";

// The table owns each action; these pin what is derived from it. The type checks run under
// `npm run typecheck`, the rest here.

const APP_ACTIONS = [
  "oauth2.requesttoken",
  "oauth2.revoke",
  "oauth2.getdemoaccess",
  "signature.getnonce",
] as const;

describe("the endpoint table", () => {
  it("gives every row a decoder, and decoders is a view of them", () => {
    const keys = Object.keys(endpoints) as EndpointKey[];
    for (const key of keys) {
      expect(typeof endpoints[key].decode, key).toBe("function");
      expect(decoders[key], key).toBe(endpoints[key].decode);
    }
  });

  it("derives each result type from the row's decoder", () => {
    expectTypeOf<EndpointResults["measure.getmeas"]>().toEqualTypeOf<GetMeasBody>();
    expectTypeOf<EndpointResults["measure.getactivity"]>().toEqualTypeOf<GetActivityBody>();
    expectTypeOf<EndpointResults["sleep.get"]>().toEqualTypeOf<GetSleepBody>();
    expectTypeOf<EndpointResults["measure.getintradayactivity"]>().toEqualTypeOf<GetIntradayBody>();
    expectTypeOf<EndpointResults["oauth2.requesttoken"]>().toEqualTypeOf<TokenResponseBody>();
    expectTypeOf<EndpointResults["notify.update"]>().toEqualTypeOf<EmptyBody>();
    expectTypeOf<keyof EndpointResults>().toEqualTypeOf<EndpointKey>();
  });

  it("derives the user keys: every bearer row, none of the app's own actions", () => {
    expectTypeOf<UserEndpointKey>().toEqualTypeOf<
      Exclude<EndpointKey, (typeof APP_ACTIONS)[number]>
    >();
    for (const key of Object.keys(endpoints) as EndpointKey[]) {
      const app = (APP_ACTIONS as readonly string[]).includes(key);
      expect(endpoints[key].auth === "bearer", key).toBe(!app);
    }
  });

  it("derives list keys and item types from each list row's pagination", () => {
    expectTypeOf<ListKey<"measure.getmeas">>().toEqualTypeOf<"measuregrps">();
    expectTypeOf<ListKey<"measure.getactivity">>().toEqualTypeOf<"activities">();
    expectTypeOf<ListKey<"heart.list">>().toEqualTypeOf<"series">();
    expectTypeOf<ItemOf<"measure.getmeas">>().toEqualTypeOf<MeasureGroup>();
    expectTypeOf<ItemOf<"measure.getactivity">>().toEqualTypeOf<Activity>();
    expectTypeOf<ItemOf<"heart.list">>().toEqualTypeOf<HeartRecording>();
    expectTypeOf<ItemOf<"sleep.getsummary">>().toEqualTypeOf<SleepSummary>();
    expectTypeOf<ItemOf<"heart.list" | "sleep.getsummary">>().toEqualTypeOf<
      HeartRecording | SleepSummary
    >();
    const lists = (Object.keys(endpoints) as EndpointKey[]).filter(
      (key): key is PaginatedEndpointKey => "pagination" in endpoints[key],
    );
    expect(lists.sort()).toEqual([
      "heart.list",
      "measure.getactivity",
      "measure.getmeas",
      "measure.getworkouts",
      "sleep.getsummary",
    ]);
  });
});
