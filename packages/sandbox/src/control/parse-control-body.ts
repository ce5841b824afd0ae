import { ALL_SCOPES, type EndpointKey, type Scope } from "@withings-kit/client";
import { CLOUD_ACTIONS } from "../cloud/cloud-actions.js";
import {
  DATA_ENDPOINT_KEYS,
  type DataEndpointKey,
  PROFILES,
  type Profile,
  parseDataChange,
  SandboxParamError,
} from "../data/index.js";
import type { CloudBehaviour } from "../types/cloud-behaviour.js";
import type { FaultConfig, FaultKind } from "../types/fault-config.js";
import type {
  CreateUserOptions,
  DataEditRequest,
  ReplayOptions,
} from "../types/sandbox-control.js";
import { SandboxControlError } from "./sandbox-control-error.js";

type Json = Readonly<Record<string, unknown>>;

/**
 * Checks the bodies of the control API (and the arguments of the same functions), turning any
 * problem into a {@link SandboxControlError} that names the field.
 *
 * @example
 * ```ts
 * parseControlBody.createUser({ profile: "scale-only", years: 2 }); // CreateUserOptions
 * parseControlBody.clock({ advance: 3600 }); // { advance: 3600 }
 * ```
 */
export const parseControlBody = Object.freeze({
  createUser(body: unknown): CreateUserOptions {
    const o = object(body);
    only(o, ["profile", "years", "timezone", "clientId", "scope"]);
    const out: { -readonly [K in keyof CreateUserOptions]: CreateUserOptions[K] } = {};
    if (o["profile"] !== undefined) {
      const profile = o["profile"];
      if (!PROFILES.some((p) => p === profile)) {
        throw invalid(`profile must be one of ${PROFILES.join(", ")}`, "profile");
      }
      out.profile = profile as Profile;
    }
    if (o["years"] !== undefined) {
      const years = o["years"];
      if (typeof years !== "number" || !Number.isFinite(years) || years < 0 || years > 50) {
        throw invalid("years must be a number from 0 to 50", "years");
      }
      out.years = years;
    }
    if (o["timezone"] !== undefined) out.timezone = timezone(o["timezone"]);
    if (o["clientId"] !== undefined) out.clientId = string(o["clientId"], "clientId");
    if (o["scope"] !== undefined) out.scope = scopes(o["scope"]);
    return out;
  },

  clock(body: unknown): { readonly advance: number } | { readonly set: number } {
    const o = object(body);
    only(o, ["advance", "set"]);
    const hasAdvance = o["advance"] !== undefined;
    if (hasAdvance === (o["set"] !== undefined)) {
      throw invalid('send exactly one of "advance" (seconds) or "set" (Unix seconds)');
    }
    const name = hasAdvance ? "advance" : "set";
    const value = o[name];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw invalid(`${name} must be a number of seconds`, name);
    }
    return hasAdvance ? { advance: value } : { set: value };
  },

  faults(body: unknown): FaultConfig {
    const o = object(body);
    only(o, ["rates", "seed", "slowMs", "hangMaxMs", "endpoints"]);
    const out: { -readonly [K in keyof FaultConfig]: FaultConfig[K] } = {};
    if (o["rates"] !== undefined)
      out.rates = object(o["rates"], "rates") as Partial<Record<FaultKind, number>>;
    for (const name of ["seed", "slowMs", "hangMaxMs"] as const) {
      const value = o[name];
      if (value === undefined) continue;
      if (typeof value !== "number") throw invalid(`${name} must be a number`, name);
      out[name] = value;
    }
    if (o["endpoints"] !== undefined) {
      const list = o["endpoints"];
      if (!Array.isArray(list) || !list.every((k) => typeof k === "string" && k in CLOUD_ACTIONS)) {
        throw invalid(
          "endpoints must be a list of endpoint keys such as measure.getmeas",
          "endpoints",
        );
      }
      out.endpoints = list as EndpointKey[];
    }
    return out;
  },

  /**
   * A partial {@link CloudBehaviour}: an object; its fields are checked when it is resolved
   * (`resolveCloudBehaviour`, whose `WithingsArgumentError`s name the field).
   */
  cloud(body: unknown): CloudBehaviour {
    return object(body) as CloudBehaviour;
  },

  dataEdit(body: unknown): DataEditRequest {
    const o = object(body);
    only(o, ["userid", "change"]);
    const userid = userId(o["userid"]);
    try {
      return { userid, change: parseDataChange(o["change"]) };
    } catch (error) {
      if (error instanceof SandboxParamError) throw invalid(error.message, "change");
      throw error;
    }
  },

  unlink(body: unknown): { readonly userid: string; readonly clientId?: string } {
    const o = object(body);
    only(o, ["userid", "clientId"]);
    const userid = userId(o["userid"]);
    const clientId = o["clientId"];
    if (clientId === undefined) return { userid };
    if (typeof clientId !== "string" || clientId === "") {
      throw invalid("clientId must be a non-empty string", "clientId");
    }
    return { userid, clientId };
  },

  replay(body: unknown): ReplayOptions {
    const o = object(body);
    only(o, ["files", "userid", "clientId"]);
    const files = o["files"];
    if (!Array.isArray(files) || files.length === 0) {
      throw invalid("files must be a non-empty list of { key, text }", "files");
    }
    const parsed = files.map((file: unknown, i) => {
      const f = object(file, `files[${i}]`);
      const key = f["key"];
      if (typeof key !== "string" || !DATA_ENDPOINT_KEYS.includes(key as DataEndpointKey)) {
        throw invalid(
          `files[${i}].key must be a data endpoint key such as measure.getmeas`,
          `files[${i}].key`,
        );
      }
      return { key: key as DataEndpointKey, text: string(f["text"], `files[${i}].text`) };
    });
    return {
      files: parsed,
      ...(o["userid"] === undefined ? {} : { userid: userId(o["userid"]) }),
      ...(o["clientId"] === undefined ? {} : { clientId: string(o["clientId"], "clientId") }),
    };
  },
});

function object(value: unknown, field?: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(field ? `${field} must be an object` : "the body must be a JSON object", field);
  }
  return value as Json;
}

function only(o: Json, allowed: readonly string[]): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key))
      throw invalid(`unknown field (expected ${allowed.join(", ")})`, key);
  }
}

function string(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0)
    throw invalid(`${field} must be a non-empty string`, field);
  return value;
}

function userId(value: unknown): string {
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return string(value, "userid");
}

function timezone(value: unknown): string {
  const zone = string(value, "timezone");
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
  } catch {
    throw invalid(`unknown IANA time zone "${zone}"`, "timezone");
  }
  return zone;
}

function scopes(value: unknown): Scope[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid(`scope must be a non-empty list of ${ALL_SCOPES.join(", ")}`, "scope");
  }
  return value.map((item) => {
    const scope = ALL_SCOPES.find((s) => s === item);
    if (scope === undefined) throw invalid(`unknown scope ${JSON.stringify(item)}`, "scope");
    return scope;
  });
}

function invalid(message: string, field?: string): SandboxControlError {
  return new SandboxControlError("invalid_body", message, field);
}
