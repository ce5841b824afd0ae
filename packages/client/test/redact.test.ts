import { describe, expect, it } from "vitest";
import { redact } from "../src/errors/redact.js";

describe("redact", () => {
  it("masks secret form fields, JSON fields (even cut short), Bearer values and known secrets", () => {
    expect(redact("grant_type=refresh_token&refresh_token=r3fresh&client_id=app")).toBe(
      "grant_type=refresh_token&refresh_token=[redacted]&client_id=app",
    );
    expect(redact('{"access_token":"abc123","userid":"42"}')).toBe(
      '{"access_token":"[redacted]","userid":"42"}',
    );
    expect(redact('{"refresh_token" : "cut-sho')).toBe('{"refresh_token" : "[redacted]');
    expect(redact("Authorization: Bearer eyJhbGciOi.x-y_z")).toBe(
      "Authorization: Bearer [redacted]",
    );
    expect(redact("the secret is s3cr3t-value here", ["s3cr3t-value"])).toBe(
      "the secret is [redacted] here",
    );
  });

  it("leaves short values alone, so ids and numbers in messages survive", () => {
    expect(redact("user 42 failed", ["42"])).toBe("user 42 failed");
  });
});
