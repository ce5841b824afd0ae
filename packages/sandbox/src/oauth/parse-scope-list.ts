import { ALL_SCOPES, type Scope } from "@withings-kit/client";

/**
 * Reads a comma-joined scope list strictly, as the consent page and getdemoaccess must: every
 * item must be a known scope (`users.activity`, a spelling some guide pages use, is read as
 * `user.activity`). Spaces are refused: the real cloud wants commas (reference §1.1). Answers the
 * scopes, or the offending item.
 *
 * @example
 * ```ts
 * parseScopeList("user.metrics,user.activity"); // { scopes: ["user.metrics", "user.activity"] }
 * parseScopeList("user.metrics user.activity"); // { invalid: "user.metrics user.activity" }
 * ```
 */
export function parseScopeList(
  text: string | null,
): { readonly scopes: Scope[] } | { readonly invalid: string } {
  if (!text) return { invalid: "" };
  const scopes: Scope[] = [];
  for (const raw of text.split(",")) {
    const item = raw === "users.activity" ? "user.activity" : raw;
    const scope = ALL_SCOPES.find((s) => s === item);
    if (scope === undefined) return { invalid: raw };
    if (!scopes.includes(scope)) scopes.push(scope);
  }
  return { scopes };
}
