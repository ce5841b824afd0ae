/**
 * Where the service writes what it does, as structured records: the shape of a pino
 * logger (`pino()` fits as is). Records never hold a token or a secret; a logger that
 * redacts by path is still advised for what callers add.
 *
 * @example
 * ```ts
 * import pino from "pino";
 * const logger: ServiceLogger = pino();
 * ```
 */
export interface ServiceLogger {
  info(record: object, message: string): void;
  warn(record: object, message: string): void;
  error(record: object, message: string): void;
}
