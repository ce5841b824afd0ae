/**
 * Why a control call was refused.
 *
 * @example
 * ```ts
 * const code: SandboxControlErrorCode = "invalid_body";
 * ```
 */
export type SandboxControlErrorCode =
  | "invalid_json"
  | "invalid_body"
  | "unknown_user"
  | "unknown_app"
  | "not_found"
  | "method_not_allowed";

/**
 * A refused control call (a bad body, an unknown user…). The control API answers it as JSON,
 * `{"error": {"code", "message", "field"?}}`, with HTTP 400, 404 or 405.
 *
 * @example
 * ```ts
 * try { sandbox.createUser({ years: -1 }); }
 * catch (e) { if (e instanceof SandboxControlError) e.field; } // "years"
 * ```
 */
export class SandboxControlError extends Error {
  override readonly name = "SandboxControlError";
  readonly code: SandboxControlErrorCode;
  /** The body field at fault, if one is. */
  readonly field: string | undefined;

  constructor(code: SandboxControlErrorCode, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }

  /** The HTTP status the control API answers with. */
  get httpStatus(): 400 | 404 | 405 {
    if (this.code === "not_found") return 404;
    if (this.code === "method_not_allowed") return 405;
    return 400;
  }

  /** The JSON body the control API answers with. */
  toJSON(): { error: { code: SandboxControlErrorCode; message: string; field?: string } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field === undefined ? {} : { field: this.field }),
      },
    };
  }
}
