import { WithingsArgumentError } from "@withings-kit/client";
import type {
  CloudBehaviour,
  OffsetStyle,
  ResolvedCloudBehaviour,
  SkewedService,
  SortOrder,
} from "../types/cloud-behaviour.js";
import { SKEWED_SERVICES } from "./default-cloud-behaviour.js";
import { LIST_ACTION_KEYS, type ListActionKey } from "./list-action-key.js";

const KEYS = {
  pageSizes: true,
  sortOrders: true,
  offsets: true,
  hiddenMore: true,
  omission: true,
  detailLagSeconds: true,
  serverSkewSeconds: true,
  editsRewriteCreated: true,
  getmeasCategory: true,
  seed: true,
} as const satisfies Record<keyof CloudBehaviour, true>;
const OFFSETS: readonly OffsetStyle[] = ["count", "page-boundary", "token"];
const ORDERS: readonly SortOrder[] = ["newest-first", "oldest-first"];

/**
 * Applies a partial {@link CloudBehaviour} on top of `base`: each field given replaces the
 * base's (a map such as `pageSizes` is merged key by key into the base's map, so
 * `{ pageSizes: { "heart.list": 5 } }` leaves the other page sizes alone); fields left out
 * keep their value.
 *
 * @throws {WithingsArgumentError} naming the first bad field; `code` says how it is wrong.
 * @example
 * ```ts
 * const next = resolveCloudBehaviour({ offsets: "token" }, defaultCloudBehaviour(1));
 * next.offsets; // "token"
 * ```
 */
export function resolveCloudBehaviour(
  change: CloudBehaviour,
  base: ResolvedCloudBehaviour,
): ResolvedCloudBehaviour {
  if (typeof change !== "object" || change === null) {
    throw new WithingsArgumentError("ERR_INVALID_ARG_TYPE", "cloud: expected an object");
  }
  for (const key of Object.keys(change)) {
    if (!(key in KEYS)) {
      throw new WithingsArgumentError(
        "ERR_INVALID_ARG_VALUE",
        `cloud.${key}: unknown switch (expected ${Object.keys(KEYS).join(", ")})`,
      );
    }
  }
  const pageSizes = { ...base.pageSizes };
  for (const [key, size] of listEntries(change.pageSizes, "pageSizes")) {
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 1) {
      throw new WithingsArgumentError(
        "ERR_INVALID_ARG_VALUE",
        `cloud.pageSizes.${key}: expected a positive integer`,
      );
    }
    pageSizes[key] = size;
  }
  const sortOrders = { ...base.sortOrders };
  for (const [key, order] of listEntries(change.sortOrders, "sortOrders")) {
    if (!ORDERS.includes(order as SortOrder)) {
      throw new WithingsArgumentError(
        "ERR_INVALID_ARG_VALUE",
        `cloud.sortOrders.${key}: expected ${ORDERS.join(" or ")}`,
      );
    }
    sortOrders[key] = order as SortOrder;
  }
  const serverSkewSeconds = { ...base.serverSkewSeconds };
  if (change.serverSkewSeconds !== undefined) {
    for (const [service, skew] of entries(change.serverSkewSeconds, "serverSkewSeconds")) {
      if (!SKEWED_SERVICES.includes(service as SkewedService)) {
        throw new WithingsArgumentError(
          "ERR_INVALID_ARG_VALUE",
          `cloud.serverSkewSeconds.${service}: unknown service (expected ${SKEWED_SERVICES.join(", ")})`,
        );
      }
      if (typeof skew !== "number" || !Number.isSafeInteger(skew)) {
        throw new WithingsArgumentError(
          "ERR_INVALID_ARG_VALUE",
          `cloud.serverSkewSeconds.${service}: expected whole seconds`,
        );
      }
      serverSkewSeconds[service as SkewedService] = skew;
    }
  }
  const offsets = change.offsets ?? base.offsets;
  if (!OFFSETS.includes(offsets)) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      `cloud.offsets: expected ${OFFSETS.join(", ")}`,
    );
  }
  const getmeasCategory = change.getmeasCategory ?? base.getmeasCategory;
  if (getmeasCategory !== "both" && getmeasCategory !== "real-only") {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      'cloud.getmeasCategory: expected "both" or "real-only"',
    );
  }
  const editsRewriteCreated = change.editsRewriteCreated ?? base.editsRewriteCreated;
  if (typeof editsRewriteCreated !== "boolean") {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_TYPE",
      "cloud.editsRewriteCreated: expected a boolean",
    );
  }
  const detailLagSeconds = change.detailLagSeconds ?? base.detailLagSeconds;
  if (
    typeof detailLagSeconds !== "number" ||
    !Number.isSafeInteger(detailLagSeconds) ||
    detailLagSeconds < 0
  ) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      "cloud.detailLagSeconds: expected a non-negative integer",
    );
  }
  const seed = change.seed ?? base.seed;
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new WithingsArgumentError("ERR_INVALID_ARG_VALUE", "cloud.seed: expected an integer");
  }
  return Object.freeze({
    pageSizes: Object.freeze(pageSizes),
    sortOrders: Object.freeze(sortOrders),
    offsets,
    hiddenMore: probability(change.hiddenMore ?? base.hiddenMore, "hiddenMore"),
    omission: probability(change.omission ?? base.omission, "omission"),
    detailLagSeconds,
    serverSkewSeconds: Object.freeze(serverSkewSeconds),
    editsRewriteCreated,
    getmeasCategory,
    seed,
  });
}

function probability(value: unknown, name: string): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new WithingsArgumentError(
      "ERR_INVALID_ARG_VALUE",
      `cloud.${name}: expected a probability between 0 and 1`,
    );
  }
  return value;
}

function entries(value: unknown, name: string): [string, unknown][] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new WithingsArgumentError("ERR_INVALID_ARG_TYPE", `cloud.${name}: expected an object`);
  }
  return Object.entries(value);
}

function listEntries(value: unknown, name: string): [ListActionKey, unknown][] {
  if (value === undefined) return [];
  return entries(value, name).map(([key, item]) => {
    if (!LIST_ACTION_KEYS.includes(key as ListActionKey)) {
      throw new WithingsArgumentError(
        "ERR_INVALID_ARG_VALUE",
        `cloud.${name}.${key}: not a list action (expected ${LIST_ACTION_KEYS.join(", ")})`,
      );
    }
    return [key as ListActionKey, item];
  });
}
