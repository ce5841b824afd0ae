/**
 * Node-style codes for programmer errors.
 *
 * @example
 * ```ts
 * const code: ArgumentErrorCode = "ERR_INVALID_ARG_VALUE";
 * ```
 */
export type ArgumentErrorCode =
  | "ERR_INVALID_ARG_TYPE"
  | "ERR_INVALID_ARG_VALUE"
  | "ERR_MISSING_ARGS";

/**
 * A wrong argument: a missing option, a date in milliseconds where seconds were expected,
 * parameters the API forbids together. Thrown before any request is sent.
 *
 * @example
 * ```ts
 * try { await user.getMeas({ lastupdate: 1, startdate: 2 }); }
 * catch (e) { if (e instanceof WithingsArgumentError) console.log(e.code); }
 * ```
 */
export class WithingsArgumentError extends TypeError {
  readonly code: ArgumentErrorCode;

  constructor(code: ArgumentErrorCode, message: string) {
    super(message);
    this.name = "WithingsArgumentError";
    this.code = code;
  }
}
