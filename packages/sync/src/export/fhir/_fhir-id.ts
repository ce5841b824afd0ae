import { createHash } from "node:crypto";

// FHIR ids are `[A-Za-z0-9\-\.]{1,64}`. A hash of the record's identity keeps them stable
// across exports (so a PUT updates what an earlier export wrote) and valid whatever the
// inputs hold; 40 hex digits (160 bits) make a collision between users negligible.
function digest(parts: readonly (string | number)[]): string {
  // A separator that cannot occur in ids or numbers keeps ("1","23") apart from ("12","3").
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** A stable resource id: `<prefix>-<40 hex>` from the parts that identify the record. */
export function fhirId(prefix: "obs" | "dev" | "pat", parts: readonly (string | number)[]): string {
  return `${prefix}-${digest([prefix, ...parts]).slice(0, 40)}`;
}

const PLAIN_USER = /^[A-Za-z0-9.-]{1,55}$/;

/**
 * The Patient id of a Withings user: readable (`withings-<userid>`) when the user id is a
 * plain token, as Withings' numeric ids are; hashed otherwise, so it is always a valid id.
 */
export function patientId(userId: string): string {
  return PLAIN_USER.test(userId) ? `withings-${userId}` : fhirId("pat", [userId]);
}

/**
 * A deterministic `urn:uuid:` for a Bundle entry's `fullUrl`: the server's base URL is not
 * known here, and a random UUID would change on every export.
 */
export function entryUrn(resourceType: string, id: string): string {
  const h = digest(["fullUrl", resourceType, id]);
  // Shaped as an RFC 4122 name-based UUID: version nibble 5, variant bits 10.
  const variant = ((Number.parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
