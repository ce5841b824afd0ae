import { ALL_SCOPES, type Scope, type TokenSet } from "@withings-kit/client";
import { StoreError } from "../store/store-error.js";

const SCOPES: ReadonlySet<string> = new Set(ALL_SCOPES);

/** The scopes of a stored list that this client knows, in their stored order. */
export function knownScopes(values: readonly unknown[]): Scope[] {
  return values.filter((s): s is Scope => typeof s === "string" && SCOPES.has(s));
}

/**
 * Checks a token set handed to `set` and returns a plain copy. Messages name the field,
 * never its value: these are secrets.
 */
export function checkTokenSet(userId: unknown, tokens: unknown, what: string): TokenSet {
  if (typeof userId !== "string" || userId === "") {
    throw new StoreError("STORE_INVALID_ARGUMENT", `${what}: userId must be a non-empty string`);
  }
  const t = (typeof tokens === "object" && tokens !== null ? tokens : {}) as Record<
    string,
    unknown
  >;
  for (const key of ["userId", "accessToken", "refreshToken", "tokenType"]) {
    if (typeof t[key] !== "string") {
      throw new StoreError("STORE_INVALID_ARGUMENT", `${what}: tokens.${key} must be a string`);
    }
  }
  if (typeof t["expiresAt"] !== "number" || !Number.isFinite(t["expiresAt"])) {
    throw new StoreError("STORE_INVALID_ARGUMENT", `${what}: tokens.expiresAt must be a number`);
  }
  if (!Array.isArray(t["scope"]) || !t["scope"].every((s) => typeof s === "string")) {
    throw new StoreError(
      "STORE_INVALID_ARGUMENT",
      `${what}: tokens.scope must be an array of scopes`,
    );
  }
  return {
    userId: t["userId"] as string,
    accessToken: t["accessToken"] as string,
    refreshToken: t["refreshToken"] as string,
    expiresAt: t["expiresAt"],
    scope: [...(t["scope"] as Scope[])],
    tokenType: t["tokenType"] as string,
  };
}
