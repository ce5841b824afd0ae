const BRAND = Symbol.for("withings-kit.error");

/**
 * Where a failed call was going: the action key and its service path.
 *
 * @example
 * ```ts
 * const context: ErrorContext = { action: "measure.getmeas", endpoint: "/measure" };
 * ```
 */
export interface ErrorContext {
  /** The action, e.g. `measure.getmeas`. */
  readonly action?: string;
  /** The service path, e.g. `/measure`. */
  readonly endpoint?: string;
  readonly cause?: unknown;
}

/**
 * The base of every error the client throws about the API, the network or the answer
 * (programmer errors are {@link WithingsArgumentError}, a `TypeError`). Messages and fields
 * never hold tokens, secrets, signatures or codes.
 *
 * @example
 * ```ts
 * try { await user.getMeas(); } catch (e) { if (isWithingsError(e)) console.log(e.code, e.action); }
 * ```
 */
export class WithingsError extends Error {
  /** A stable, machine-readable code such as `WITHINGS_RATE_LIMIT`. */
  readonly code: string;
  readonly action: string | undefined;
  readonly endpoint: string | undefined;

  constructor(code: string, message: string, context: ErrorContext = {}) {
    super(
      context.action ? `${context.action}: ${message}` : message,
      context.cause === undefined ? undefined : { cause: context.cause },
    );
    this.name = "WithingsError";
    this.code = code;
    this.action = context.action;
    this.endpoint = context.endpoint;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True for any {@link WithingsError}, also across realms and duplicated package copies.
 *
 * @example
 * ```ts
 * if (isWithingsError(err)) console.error(err.code);
 * ```
 */
export function isWithingsError(value: unknown): value is WithingsError {
  return typeof value === "object" && value !== null && BRAND in value;
}
