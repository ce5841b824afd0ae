import { randomHex } from "./random-hex.js";

/**
 * How long a nonce from getnonce may be used (reference §1.4).
 *
 * @example
 * ```ts
 * NONCE_LIFETIME_MS; // 1_800_000
 * ```
 */
export const NONCE_LIFETIME_MS = 30 * 60_000;

interface NonceRecord {
  readonly clientId: string;
  readonly expiresAt: number;
}

/**
 * Nonces issued by getnonce: valid 30 minutes, for the app that asked, and once.
 *
 * @example
 * ```ts
 * const nonces = new NonceRegistry();
 * const nonce = nonces.issue("app", Date.now());
 * nonces.consume("app", nonce, Date.now()); // true
 * nonces.consume("app", nonce, Date.now()); // false: single use
 * ```
 */
export class NonceRegistry {
  readonly #nonces = new Map<string, NonceRecord>();

  /** Issues a nonce for `clientId` at `now` (ms). */
  issue(clientId: string, now: number): string {
    // Issued in time order, so the expired ones are at the front.
    for (const [key, record] of this.#nonces) {
      if (record.expiresAt > now) break;
      this.#nonces.delete(key);
    }
    const nonce = randomHex();
    this.#nonces.set(nonce, { clientId, expiresAt: now + NONCE_LIFETIME_MS });
    return nonce;
  }

  /** Spends a nonce; false when it is unknown, used, expired or another app's. */
  consume(clientId: string, nonce: string, now: number): boolean {
    const record = this.#nonces.get(nonce);
    if (record === undefined || record.clientId !== clientId) return false;
    this.#nonces.delete(nonce);
    return now < record.expiresAt;
  }
}
