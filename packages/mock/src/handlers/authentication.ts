/** simplejwt 5.5's JWTAuthentication (the server's SessionJWTAuthentication) + DRF's IsAuthenticated, with their exact 401 bodies. */
import type { TokenPayload } from '../jwt.js'
import { DRF_MESSAGES, detailResponse, jsonResponse, type MockResponse } from '../responses.js'
import { tokenHolder } from '../sessions.js'
import { TOKEN_MESSAGES, TokenError, loadToken } from '../simplejwt.js'
import { slidingCheckContext } from './slidingViews.js'
import { gettextLazy, type LazyMessage } from '../translation.js'
import type { ViewContext } from './context.js'

/** JWTAuthentication's own messages (translated). */
export const AUTHENTICATION_MESSAGES = {
  badHeader: gettextLazy('Authorization header must contain two space-delimited values'),
  notValidForAnyType: gettextLazy('Given token not valid for any token type'),
  noUserId: gettextLazy('Token contained no recognizable user identification'),
  userNotFound: gettextLazy('User not found'),
} as const

/** SIMPLE_JWT["AUTH_HEADER_TYPES"]: the first one names the realm in WWW-Authenticate. */
export const AUTH_HEADER_TYPES = ['JWT', 'Bearer'] as const
export const WWW_AUTHENTICATE = `${AUTH_HEADER_TYPES[0]} realm="api"`

/** `token`: request.auth, the validated token's claims (simplejwt's dialects). */
export type AuthResult = { ok: true; userId: number; token?: TokenPayload } | { ok: false; response: MockResponse }

function fail(response: MockResponse): AuthResult {
  return { ok: false, response }
}

const NOT_AUTHENTICATED = detailResponse(401, DRF_MESSAGES.notAuthenticated)

/** SIMPLE_JWT["AUTH_TOKEN_CLASSES"]: AccessToken (pairs) or SlidingToken (sliding). */
export interface AuthTokenClass {
  name: 'AccessToken' | 'SlidingToken'
  type: 'access' | 'sliding'
}
export const ACCESS_TOKEN_CLASS: AuthTokenClass = { name: 'AccessToken', type: 'access' }
export const SLIDING_TOKEN_CLASS: AuthTokenClass = { name: 'SlidingToken', type: 'sliding' }

/** InvalidToken from get_validated_token (and the server's version check): an expired, forged or revoked token. */
export function notValid(message: LazyMessage, tokenClass: AuthTokenClass): MockResponse {
  return jsonResponse(401, {
    detail: AUTHENTICATION_MESSAGES.notValidForAnyType,
    code: 'token_not_valid',
    messages: [{ token_class: tokenClass.name, token_type: tokenClass.type, message }],
  })
}

export async function authenticate(
  context: Omit<ViewContext, 'userId' | 'params' | 'token'>,
  tokenClass: AuthTokenClass = ACCESS_TOKEN_CLASS,
): Promise<AuthResult> {
  const header = context.request.headers.get('authorization')
  if (header === null) return fail(NOT_AUTHENTICATED)
  // get_raw_token: header.split(); an unknown scheme means "not for this authenticator".
  const parts = header.split(/[ \t\n\r\f\v]+/).filter(Boolean)
  const scheme = parts[0]
  if (scheme === undefined || !(AUTH_HEADER_TYPES as readonly string[]).includes(scheme)) return fail(NOT_AUTHENTICATED)
  if (parts.length !== 2) {
    return fail(
      jsonResponse(401, { detail: AUTHENTICATION_MESSAGES.badHeader, code: 'bad_authorization_header' }),
    )
  }
  let payload: Record<string, unknown>
  try {
    // A SlidingToken checks its blacklist (sessions_end_all blacklists sliding tokens too); an AccessToken has none.
    payload = await loadToken(parts[1] as string, tokenClass.type, slidingCheckContext(context))
  } catch (error) {
    if (!(error instanceof TokenError)) throw error
    return fail(notValid(error.detail, tokenClass))
  }
  if (!('user_id' in payload)) {
    return fail(jsonResponse(401, { detail: AUTHENTICATION_MESSAGES.noUserId, code: 'token_not_valid' }))
  }
  // SessionJWTAuthentication: a token whose session ended or passed its end, or from before a password change or
  // "log out everywhere", gets the answer a forged one gets (a user_id that is no integer: the query's 500).
  const user = tokenHolder(context.state, payload, context.nowMs)
  if (user === undefined) return fail(jsonResponse(401, { detail: AUTHENTICATION_MESSAGES.userNotFound, code: 'user_not_found' }))
  if (user === null) return fail(notValid(TOKEN_MESSAGES.invalid, tokenClass))
  return { ok: true, userId: user.id, token: payload }
}
