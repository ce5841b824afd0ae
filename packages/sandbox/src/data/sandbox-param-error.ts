/**
 * A request the data layer refuses: a missing required parameter, a malformed value, an
 * unknown id. The HTTP layer answers it the way the real cloud answers bad parameters: HTTP
 * 200 with body status 503 and `error: "Invalid Params: <message>"` (reference §4, Q2).
 *
 * @example
 * ```ts
 * try {
 *   sandbox.userData(userid).answer("sleep.get", new URLSearchParams({ startdate: "1700000000" }), now);
 * } catch (e) {
 *   if (e instanceof SandboxParamError) console.log(`Invalid Params: ${e.message}`);
 * }
 * ```
 */
export class SandboxParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxParamError";
  }
}
