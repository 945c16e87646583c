/**
 * simplejwt's token classes: which check fails first and with which message.
 * Token(raw): decode (signature, alg, exp) -> [refresh: blacklist] -> exp claim -> jti -> token_type.
 */
import { decodeToken, type TokenPayload, type TokenType } from './jwt'
import { UncaughtServerError } from './responses'
import { gettextLazy, type LazyMessage } from './translation'

/** simplejwt's TokenError: its (translated) message ends up in the 401 body. */
export class TokenError extends Error {
  constructor(readonly detail: LazyMessage) {
    super(detail.msgid)
  }
}

export interface TokenCheckContext {
  secret: string
  nowMs: number
  /** The blacklist check of a refresh token (BlacklistMixin.check_blacklist). */
  isBlacklisted: (payload: TokenPayload) => boolean
}

export const TOKEN_MESSAGES = {
  invalid: gettextLazy('Token is invalid or expired'),
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
  const payload = await decodeToken(raw, context.secret, context.nowMs)
  if (!payload) throw new TokenError(TOKEN_MESSAGES.invalid)
  // RefreshToken's and SlidingToken's BlacklistMixin checks the blacklist before anything else, reading payload["jti"] unguarded.
  if (expected === 'refresh' || expected === 'sliding') {
    if (!('jti' in payload)) throw new UncaughtServerError("KeyError: 'jti' in BlacklistMixin.check_blacklist")
    if (context.isBlacklisted(payload)) throw new TokenError(TOKEN_MESSAGES.blacklisted)
  }
  if (!('exp' in payload)) throw new TokenError(TOKEN_MESSAGES.noExp)
  if (!('jti' in payload)) throw new TokenError(TOKEN_MESSAGES.noId)
  if (expected !== undefined) {
    if (!('token_type' in payload)) throw new TokenError(TOKEN_MESSAGES.noType)
    if (payload.token_type !== expected) throw new TokenError(TOKEN_MESSAGES.wrongType)
  }
  return payload
}
