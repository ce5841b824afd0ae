import type { Scope } from "@withings-kit/client";
import { randomHex } from "./random-hex.js";

/**
 * Who a code or token acts for: one user, one app, the scopes the user granted.
 *
 * @example
 * ```ts
 * const grant: Grant = { userid: "30000001", clientId: "withings-kit-sandbox", scope: ["user.metrics"] };
 * ```
 */
export interface Grant {
  readonly userid: string;
  readonly clientId: string;
  readonly scope: readonly Scope[];
}

/**
 * A fresh token pair, as requesttoken answers it.
 *
 * @example
 * ```ts
 * const issued: IssuedTokens = tokens.issue(grant, now);
 * ```
 */
export interface IssuedTokens {
  readonly grant: Grant;
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
}

/**
 * What an access token turned out to be.
 *
 * @example
 * ```ts
 * const check: AccessCheck = tokens.peek(accessToken, now);
 * if (check.kind === "valid") check.grant.userid;
 * ```
 */
export type AccessCheck =
  | { readonly kind: "valid"; readonly grant: Grant }
  | { readonly kind: "expired"; readonly grant: Grant }
  | { readonly kind: "unknown" };

/**
 * Why a code could not be exchanged.
 *
 * @example
 * ```ts
 * const why: CodeFailure = "redirect-mismatch";
 * ```
 */
export type CodeFailure = "invalid-code" | "redirect-mismatch";

interface CodeRecord {
  readonly grant: Grant;
  readonly redirectUri: string;
  readonly expiresAt: number;
}

interface AccessRecord {
  readonly grant: Grant;
  readonly expiresAt: number;
  /** The refresh token that was spent to issue this one; it dies when this one is first used. */
  readonly spentRefreshToken: string | undefined;
  used: boolean;
}

interface RefreshRecord {
  readonly grant: Grant;
  readonly expiresAt: number;
  /** Set by the first rotation: the old token's last moment (8 h later). */
  diesAt: number | undefined;
}

/**
 * Token lifetimes of the real cloud (reference §5).
 *
 * @example
 * ```ts
 * TOKEN_LIFETIMES.accessSeconds; // 10800
 * ```
 */
export const TOKEN_LIFETIMES = Object.freeze({
  codeMs: 30_000,
  accessSeconds: 10_800,
  refreshMs: 365 * 86_400_000,
  rotationGraceMs: 8 * 3_600_000,
});

/**
 * Authorization codes, access tokens and refresh tokens, with the real lifetimes: codes live
 * 30 s and work once; access tokens live 3 h; every refresh rotates the refresh token, the old one
 * dying when the new access token is first used or 8 h after the rotation, whichever comes first.
 * All times are milliseconds of sandbox time.
 *
 * @example
 * ```ts
 * const tokens = new TokenRegistry();
 * const code = tokens.issueCode({ userid: "1", clientId: "app", scope: ["user.metrics"] }, "http://127.0.0.1/cb", now);
 * const pair = tokens.redeemCode(code, "app", "http://127.0.0.1/cb", now); // IssuedTokens
 * ```
 */
export class TokenRegistry {
  readonly #codes = new Map<string, CodeRecord>();
  readonly #access = new Map<string, AccessRecord>();
  readonly #refresh = new Map<string, RefreshRecord>();

  /** Issues a single-use authorization code for `grant`, bound to `redirectUri`. */
  issueCode(grant: Grant, redirectUri: string, now: number): string {
    this.#pruneCodes(now);
    const code = randomHex();
    this.#codes.set(code, { grant, redirectUri, expiresAt: now + TOKEN_LIFETIMES.codeMs });
    return code;
  }

  /**
   * Exchanges a code. A code that is unknown, used, expired or issued to another app is an
   * invalid code; a different `redirect_uri` from the authorize one is refused without spending
   * the code.
   */
  redeemCode(
    code: string,
    clientId: string,
    redirectUri: string | null,
    now: number,
  ): IssuedTokens | CodeFailure {
    const record = this.#codes.get(code);
    if (record === undefined || record.grant.clientId !== clientId) return "invalid-code";
    if (now >= record.expiresAt) {
      this.#codes.delete(code);
      return "invalid-code";
    }
    if (redirectUri !== record.redirectUri) return "redirect-mismatch";
    this.#codes.delete(code);
    return this.issue(record.grant, now);
  }

  /** Issues a new token pair for `grant` (consent, control API, demo access). */
  issue(grant: Grant, now: number, spentRefreshToken?: string): IssuedTokens {
    const accessToken = randomHex();
    const refreshToken = randomHex();
    this.#access.set(accessToken, {
      grant,
      expiresAt: now + TOKEN_LIFETIMES.accessSeconds * 1000,
      spentRefreshToken,
      used: false,
    });
    this.#refresh.set(refreshToken, {
      grant,
      expiresAt: now + TOKEN_LIFETIMES.refreshMs,
      diesAt: undefined,
    });
    return { grant, accessToken, refreshToken, expiresIn: TOKEN_LIFETIMES.accessSeconds };
  }

  /** Rotates a refresh token; `undefined` when it is dead, unknown or another app's. */
  refresh(refreshToken: string, clientId: string, now: number): IssuedTokens | undefined {
    const record = this.#refresh.get(refreshToken);
    if (record === undefined || record.grant.clientId !== clientId) return undefined;
    if (now >= record.expiresAt || (record.diesAt !== undefined && now >= record.diesAt)) {
      this.#refresh.delete(refreshToken);
      return undefined;
    }
    // The old token survives as a safety net for a client that failed to store the new pair.
    record.diesAt ??= now + TOKEN_LIFETIMES.rotationGraceMs;
    return this.issue(record.grant, now, refreshToken);
  }

  /** Looks an access token up without using it (the app it belongs to is known even if expired). */
  peek(accessToken: string | null | undefined, now: number): AccessCheck {
    const record = accessToken ? this.#access.get(accessToken) : undefined;
    if (record === undefined) return { kind: "unknown" };
    if (now >= record.expiresAt) return { kind: "expired", grant: record.grant };
    return { kind: "valid", grant: record.grant };
  }

  /** Records a use of a valid access token: its first use kills the refresh token it replaced. */
  markUsed(accessToken: string): void {
    const record = this.#access.get(accessToken);
    if (record === undefined || record.used) return;
    record.used = true;
    if (record.spentRefreshToken !== undefined) this.#refresh.delete(record.spentRefreshToken);
  }

  /** Kills every code and token of one user for one app; answers how many tokens died. */
  revoke(clientId: string, userid: string): number {
    let count = 0;
    const mine = (grant: Grant) => grant.clientId === clientId && grant.userid === userid;
    for (const [key, record] of this.#access)
      if (mine(record.grant) && this.#access.delete(key)) count++;
    for (const [key, record] of this.#refresh)
      if (mine(record.grant) && this.#refresh.delete(key)) count++;
    for (const [key, record] of this.#codes) if (mine(record.grant)) this.#codes.delete(key);
    return count;
  }

  /** Whether the app holds any live token of the user (revoke needs a link to cut). */
  linked(clientId: string, userid: string, now: number): boolean {
    for (const record of this.#refresh.values()) {
      if (
        record.grant.clientId === clientId &&
        record.grant.userid === userid &&
        now < record.expiresAt
      ) {
        return true;
      }
    }
    for (const record of this.#access.values()) {
      if (record.grant.clientId === clientId && record.grant.userid === userid) return true;
    }
    return false;
  }

  #pruneCodes(now: number): void {
    // Codes are inserted in time order, so expired ones sit at the front.
    for (const [key, record] of this.#codes) {
      if (record.expiresAt > now) break;
      this.#codes.delete(key);
    }
  }
}
