import { describe, expect, it } from "vitest";
import { statusFamily } from "../src/errors/status-codes.js";
import {
  WithingsAuthError,
  WithingsInvalidParamsError,
  WithingsNotFoundError,
  WithingsRateLimitError,
  WithingsServerError,
} from "../src/errors/withings-api-error.js";
import { WithingsResponseError } from "../src/errors/withings-response-error.js";
import { decodeEnvelope } from "../src/http/decode-envelope.js";

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
}

describe("decodeEnvelope", () => {
  it("returns the body of status 0, and {} when a write answers no body", () => {
    expect(decodeEnvelope('{"status":0,"body":{"nonce":"abc"}}')).toEqual({ nonce: "abc" });
    expect(decodeEnvelope('{"status":0}')).toEqual({});
  });

  it("turns errors inside HTTP 200 into typed errors with the action and the API's text", () => {
    const expired = thrown(() =>
      decodeEnvelope(
        '{"status":401,"body":{},"error":"XRequestID: Not provided invalid_token: The access token provided is invalid"}',
        { action: "measure.getmeas", endpoint: "/measure" },
      ),
    );
    expect(expired).toBeInstanceOf(WithingsAuthError);
    expect((expired as WithingsAuthError).status).toBe(401);
    expect((expired as WithingsAuthError).message).toMatch(
      /^measure\.getmeas: status 401 \(auth\)/,
    );

    const dedupe = thrown(() =>
      decodeEnvelope(
        '{"status":601,"body":{"wait_seconds":188},"error":"Same arguments in less than 10 seconds"}',
      ),
    );
    expect(dedupe).toBeInstanceOf(WithingsRateLimitError);
    expect((dedupe as WithingsRateLimitError).waitSeconds).toBe(188);

    expect(
      thrown(() =>
        decodeEnvelope('{"status":503,"body":{},"error":"Invalid Params: invalid code"}'),
      ),
    ).toBeInstanceOf(WithingsInvalidParamsError);
    expect(thrown(() => decodeEnvelope('{"status":286}'))).toBeInstanceOf(WithingsNotFoundError);
    for (const status of [2554, 2555, 522, 99999]) {
      expect(thrown(() => decodeEnvelope(`{"status":${status}}`))).toBeInstanceOf(
        WithingsServerError,
      );
    }
  });

  it("redacts secrets from the API's error text", () => {
    const error = thrown(() =>
      decodeEnvelope(
        '{"status":503,"error":"bad refresh_token=r3fr3shT0ken for Bearer abcdef123456"}',
        {
          secrets: ["r3fr3shT0ken"],
        },
      ),
    ) as WithingsInvalidParamsError;
    expect(error.message).not.toContain("r3fr3shT0ken");
    expect(error.message).not.toContain("abcdef123456");
    expect(error.apiMessage).toContain("[redacted]");
  });

  it("never quotes a token from a truncated token answer", () => {
    const cut = '{"status":0,"body":{"userid":"1","access_token":"a075f8c14e3b9d7c1a2b';
    const error = thrown(() =>
      decodeEnvelope(cut, { action: "oauth2.requesttoken", endpoint: "/v2/oauth2" }),
    ) as WithingsResponseError;
    expect(error.problem).toBe("truncated");
    expect(error.message).not.toContain("a075f8c14");
    // Elsewhere an excerpt helps, with secret fields masked even when cut short.
    const other = thrown(() =>
      decodeEnvelope('{"status":0,"body":{"code":"c0de-s3cret-valu', {}),
    ) as Error;
    expect(other.message).toContain("[redacted]");
    expect(other.message).not.toContain("c0de-s3cret");
  });

  it("names HTML, truncated and non-JSON answers and wrong envelopes", () => {
    const html = thrown(() => decodeEnvelope("<html><body>502 Bad Gateway</body></html>"));
    expect(html).toBeInstanceOf(WithingsResponseError);
    expect((html as WithingsResponseError).problem).toBe("html");
    expect(
      (thrown(() => decodeEnvelope('{"status":0,"body":{"measu')) as WithingsResponseError).problem,
    ).toBe("truncated");
    expect((thrown(() => decodeEnvelope("")) as WithingsResponseError).problem).toBe("not-json");
    const array = thrown(() => decodeEnvelope("[1,2]")) as WithingsResponseError;
    expect([array.problem, array.path]).toEqual(["shape", "$"]);
    const status = thrown(() => decodeEnvelope('{"status":"ok"}')) as WithingsResponseError;
    expect(status.path).toBe("$.status");
  });

  it("accepts a token answer that has a body but no status, as older answers do", () => {
    expect(decodeEnvelope('{"body":{"access_token":"a"}}')).toEqual({ access_token: "a" });
  });
});

describe("statusFamily", () => {
  it("follows the official ranges, with 286/294 as not found and unknown codes as unknown", () => {
    expect(statusFamily(0)).toBe("success");
    expect(statusFamily(401)).toBe("auth");
    expect(statusFamily(503)).toBe("invalid-params");
    expect(statusFamily(507)).toBe("invalid-params");
    expect(statusFamily(601)).toBe("rate-limit");
    expect(statusFamily(2554)).toBe("not-implemented");
    expect(statusFamily(293)).toBe("invalid-params");
    expect(statusFamily(294)).toBe("not-found");
    expect(statusFamily(5003)).toBe("error");
    expect(statusFamily(4242)).toBe("unknown");
  });
});
