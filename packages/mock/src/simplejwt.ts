/**
 * simplejwt 5.5's token classes: which check fails first and with which message.
 * Token(raw): decode (PyJWT 2: signature, alg, iat, nbf, exp, sub, jti) -> the project's claim checks (claims.ts:
 * where stock simplejwt answers 500, "Token is invalid") -> [refresh, sliding: blacklist] -> exp claim -> jti ->
 * token_type.
 */
import { claimsRefusal } from './claims.js'
import type { TokenPayload, TokenType } from './jwt.js'
import { pyJwtDecode } from './pyjwt.js'
import { gettextLazy, type LazyMessage } from './translation.js'

/** simplejwt's TokenError: its (translated) message ends up in the 401 body. */
export class TokenError extends Error {
  constructor(readonly detail: LazyMessage) {
    super(detail.msgid)
  }
}

export interface TokenCheckContext {
  secret: string
  nowMs: number
  /** The blacklist check of a refresh or sliding token (BlacklistMixin.check_blacklist). */
  isBlacklisted: (payload: TokenPayload) => boolean
  /**
   * Whether check_blacklist runs at all (default: always). The server's SessionRefreshToken skips it for a token
   * with a session (its session decides), before reading the jti.
   */
  checksBlacklist?: (payload: TokenPayload) => boolean
}

export const TOKEN_MESSAGES = {
  /** Since simplejwt 5.4, a token whose signature checks out but whose exp has passed is "expired"; all else "invalid". */
  invalid: gettextLazy('Token is invalid'),
  expired: gettextLazy('Token is expired'),
  wrongType: gettextLazy('Token has wrong type'),
  blacklisted: gettextLazy('Token is blacklisted'),
  noType: gettextLazy('Token has no type'),
  noId: gettextLazy('Token has no id'),
  noExp: gettextLazy("Token has no '{}' claim").format(['exp']),
  refreshExpExpired: gettextLazy("Token '{}' claim has expired").format(['refresh_exp']),
} as const

export function jtiOf(payload: TokenPayload): string {
  const jti = payload.jti
  return typeof jti === 'string' ? jti : JSON.stringify(jti)
}

/**
 * Validates a raw token as AccessToken / RefreshToken (expected type) or UntypedToken (undefined).
 * Throws TokenError with simplejwt's message.
 */
export async function loadToken(raw: string, expected: TokenType | undefined, context: TokenCheckContext): Promise<TokenPayload> {
  // TokenBackend.decode: ExpiredSignatureError is TokenBackendExpiredToken; every other PyJWT error, an invalid token.
  const decoded = await pyJwtDecode(raw, context.secret, context.nowMs, '2')
  if ('error' in decoded) throw new TokenError(decoded.error === 'ExpiredSignatureError' ? TOKEN_MESSAGES.expired : TOKEN_MESSAGES.invalid)
  const { payload } = decoded
  // RefreshToken's and SlidingToken's BlacklistMixin checks the blacklist before anything else (by the jti).
  const checksBlacklist = (expected === 'refresh' || expected === 'sliding') && (context.checksBlacklist?.(payload) ?? true)
  // ValidatedClaims.verify: a claim of the wrong type or size (stock: a 500) is an invalid token; a token class with a
  // blacklist refuses a token without jti before looking it up (stock: a KeyError, a 500).
  const refusal = claimsRefusal(payload, expected === 'refresh' || expected === 'sliding')
  if (refusal) throw new TokenError(refusal === 'noId' ? TOKEN_MESSAGES.noId : TOKEN_MESSAGES.invalid)
  if (checksBlacklist && context.isBlacklisted(payload)) throw new TokenError(TOKEN_MESSAGES.blacklisted)
  if (!('exp' in payload)) throw new TokenError(TOKEN_MESSAGES.noExp)
  if (!('jti' in payload)) throw new TokenError(TOKEN_MESSAGES.noId)
  if (expected !== undefined) {
    if (!('token_type' in payload)) throw new TokenError(TOKEN_MESSAGES.noType)
    if (payload.token_type !== expected) throw new TokenError(TOKEN_MESSAGES.wrongType)
  }
  return payload
}
