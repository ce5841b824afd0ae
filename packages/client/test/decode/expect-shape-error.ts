import { expect } from "vitest";
import { WithingsResponseError } from "../../src/errors/withings-response-error.js";

/**
 * Runs `decode` and asserts it threw a `"shape"` {@link WithingsResponseError} at `path`.
 *
 * @example
 * ```ts
 * expectShapeError(() => decodeNonceBody({}), "$.body.nonce");
 * ```
 */
export function expectShapeError(decode: () => unknown, path: string): WithingsResponseError {
  let thrown: unknown;
  try {
    decode();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(WithingsResponseError);
  const error = thrown as WithingsResponseError;
  expect(error.problem).toBe("shape");
  expect(error.path).toBe(path);
  return error;
}
