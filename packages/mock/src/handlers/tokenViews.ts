/** POST /token/, /token/refresh/, /token/verify/, /token/blacklist/ (simplejwt's TokenViewBase). */
import { decodeJwt } from 'jose'
import { booleanField, charField, type FieldSpec } from '../fields.js'
import { signToken, type TokenPayload } from '../jwt.js'
import { startAttempt } from '../lockout.js'
import { pythonTruthy } from '../python.js'
import { validatedRequest } from '../requestBody.js'
import { detailResponse, jsonResponse, type MockResponse } from '../responses.js'
import { clearingRefreshCookie, csrfRefusal, isCookieMode, refreshCookie, refreshFromCookies, withCookie } from '../refreshCookie.js'
import { SESSION_CLAIM, isRemembered, logoutSession, refreshSession, startSession, tokenHolder } from '../sessions.js'
import { TOKEN_MESSAGES, TokenError, jtiOf, loadToken, type TokenCheckContext } from '../simplejwt.js'
import { accessPayloadFrom, blacklist, isBlacklisted, isRefreshRevoked, outstand, rotatedPayload } from '../tokens.js'
import { holdsCurrentVersion, userOfClaim } from '../tokenVersions.js'
import { gettextLazy } from '../translation.js'
import type { StoredUser } from '../db.js'
import type { ViewContext } from './context.js'

/** TokenObtainSerializer.default_error_messages["no_active_account"] (translated). */
export const NO_ACTIVE_ACCOUNT = gettextLazy('No active account found with the given credentials')

/**
 * The login's authenticate() behind the lockout: the user, or the answer that refuses (429 while locked; for wrong
 * credentials, counted as a failure, `wrongCredentials()`: simplejwt's 401 unless the dialect says otherwise).
 */
export async function authenticateUser(
  context: ViewContext,
  username: string,
  password: string,
  wrongCredentials: () => MockResponse = () => detailResponse(401, NO_ACTIVE_ACCOUNT),
): Promise<{ user: StoredUser } | { refused: MockResponse }> {
  const attempt = await startAttempt(context, username)
  if (attempt.locked) return { refused: attempt.locked }
  const user = context.state.users.find((candidate) => candidate.username === username && candidate.password === password)
  if (!user) {
    attempt.failed()
    return { refused: wrongCredentials() }
  }
  attempt.succeeded()
  return { user }
}
/** TokenRefreshSerializer.default_error_messages["no_active_account"] (simplejwt 5.5; server/locale translates it). */
const NO_ACTIVE_ACCOUNT_FOR_TOKEN = gettextLazy('No active account found for the given token.')
/** simplejwt's InvalidToken.default_detail: cookie mode's answer to a refresh or logout without the cookie. */
const INVALID_OR_EXPIRED = gettextLazy('Token is invalid or expired')

/** Reads and validates the body; a TokenError thrown by `validate` becomes InvalidToken (401). */
export async function tokenView(
  context: ViewContext,
  fields: Record<string, FieldSpec>,
  validate: (values: Record<string, string>) => Promise<MockResponse>,
): Promise<MockResponse> {
  const result = await validatedRequest(context.request, fields, false, context.stack)
  if (!result.ok) return result.response
  return invalidTokenAs401(() => validate(result.values as Record<string, string>))
}

/** TokenViewBase.post: a TokenError becomes InvalidToken, 401 {"detail": its message, "code": "token_not_valid"}. */
async function invalidTokenAs401(validate: () => Promise<MockResponse>): Promise<MockResponse> {
  try {
    return await validate()
  } catch (error) {
    if (error instanceof TokenError) return jsonResponse(401, { detail: error.detail, code: 'token_not_valid' })
    throw error
  }
}

/**
 * SessionRefreshToken's checks: a token with a session skips the blacklist (its session decides); one without gets
 * simplejwt's blacklist and the token version (an older one is refused as blacklisted).
 */
export function checkContext(context: ViewContext): TokenCheckContext {
  return {
    secret: context.state.secret,
    nowMs: context.nowMs,
    isBlacklisted: (payload: TokenPayload) => isRefreshRevoked(context.state, payload),
    checksBlacklist: (payload: TokenPayload) => !(SESSION_CLAIM in payload),
  }
}

export function obtainTokenView(context: ViewContext): Promise<MockResponse> {
  if (isCookieMode(context.settings)) return obtainWithCookieView(context)
  const fields = { username: charField({ required: true }), password: charField({ required: true }) }
  return tokenView(context, fields, async ({ username, password }) => {
    const authenticated = await authenticateUser(context, username as string, password as string)
    if ('refused' in authenticated) return authenticated.refused
    // SessionTokenObtainPairSerializer: a session for the device that asked.
    return jsonResponse(200, await startSession(context.state, context.settings, authenticated.user, context.userAgent, context.nowMs))
  })
}

export function refreshTokenView(context: ViewContext): Promise<MockResponse> {
  if (isCookieMode(context.settings)) return refreshWithCookieView(context)
  return tokenView(context, { refresh: charField({ required: true }) }, async ({ refresh }) => {
    const payload = await loadToken(refresh as string, 'refresh', checkContext(context))
    if (SESSION_CLAIM in payload) return jsonResponse(200, await refreshSession(context.state, context.settings, payload, context.nowMs))
    // A token without a session: simplejwt's refresh. simplejwt 5.5 looks the user up (to refuse an inactive one)
    // with a bare objects.get(): stock, a user_id that names no one is a DoesNotExist nobody catches (500); the
    // project's SessionTokenRefreshSerializer answers it as an account that can't log in.
    if (pythonTruthy(payload.user_id) && !userOfClaim(context.state, payload.user_id)) {
      return jsonResponse(401, { detail: NO_ACTIVE_ACCOUNT_FOR_TOKEN, code: 'no_active_account' })
    }
    const secret = context.state.secret
    const access = await signToken(accessPayloadFrom(payload, context.nowMs, context.settings.accessSeconds), secret)
    if (!context.settings.rotate) return jsonResponse(200, { access })
    // ROTATE_REFRESH_TOKENS + BLACKLIST_AFTER_ROTATION: the old refresh token dies now; the new one is outstanding.
    blacklist(context.state, payload, context.nowMs)
    const next = rotatedPayload(payload, context.nowMs, context.settings.refreshSeconds)
    outstand(context.state, next, context.nowMs)
    return jsonResponse(200, { access, refresh: await signToken(next, secret) })
  })
}

/**
 * SessionTokenVerifySerializer: simplejwt's verify (which looks at the blacklist only when BLACKLIST_AFTER_ROTATION is
 * on), then what authentication refuses: a token other than a refresh token whose session ended or that holds an
 * older version is invalid (401); with BLACKLIST_AFTER_ROTATION, a refresh token without a session of an older
 * version is blacklisted (400). A refresh token with a session is left to the blacklist table.
 */
export function verifyTokenView(context: ViewContext): Promise<MockResponse> {
  return tokenView(context, { token: charField({ required: true }) }, async ({ token }) => {
    const { state } = context
    const payload = await loadToken(token as string, undefined, checkContext(context))
    const blacklisted = jsonResponse(400, { non_field_errors: [TOKEN_MESSAGES.blacklisted] })
    if (context.settings.rotate && isBlacklisted(state, jtiOf(payload))) return blacklisted
    const valid = jsonResponse(200, {})
    if (!('user_id' in payload)) return valid
    if (payload.token_type === 'refresh') {
      if (context.settings.rotate && !(SESSION_CLAIM in payload) && !holdsCurrentVersion(state, payload)) return blacklisted
      return valid
    }
    // DoesNotExist (undefined) is valid: verify knows tokens, not users.
    const holder = tokenHolder(state, payload, context.nowMs)
    if (holder === null) throw new TokenError(TOKEN_MESSAGES.invalid)
    return valid
  })
}

export function blacklistTokenView(context: ViewContext): Promise<MockResponse> {
  if (isCookieMode(context.settings)) return blacklistWithCookieView(context)
  return tokenView(context, { refresh: charField({ required: true }) }, async ({ refresh }) => {
    const payload = await loadToken(refresh as string, 'refresh', checkContext(context))
    // SessionTokenBlacklistSerializer: a session's token ends its session; one without, simplejwt's blacklist.
    if (SESSION_CLAIM in payload) logoutSession(context.state, context.settings, payload, context.nowMs)
    else blacklist(context.state, payload, context.nowMs)
    return jsonResponse(200, {})
  })
}

/**
 * Cookie mode's login: the CSRF check first; then the fields, `remember` too (a BooleanField, default false,
 * declared on the serializer: before simplejwt's username and password, which its __init__ adds); the lockout and the
 * credentials as in body mode; 200 {"access"} (with refresh_exp) and the session's refresh cookie, persistent iff
 * remembered.
 */
async function obtainWithCookieView(context: ViewContext): Promise<MockResponse> {
  const refused = csrfRefusal(context.request, context.url, context.settings)
  if (refused) return refused
  const fields = { remember: booleanField({ required: false }), username: charField({ required: true }), password: charField({ required: true }) }
  const result = await validatedRequest(context.request, fields, false, context.stack)
  if (!result.ok) return result.response
  const { username, password } = result.values as Record<string, string>
  const remember = result.values.remember === true
  const authenticated = await authenticateUser(context, username as string, password as string)
  if ('refused' in authenticated) return authenticated.refused
  const pair = await startSession(context.state, context.settings, authenticated.user, context.userAgent, context.nowMs, { remember, refreshExpClaim: true })
  return withCookie(jsonResponse(200, { access: pair.access }), sessionCookie(context, pair.refresh, remember))
}

/** The refresh cookie of a session's token: with Max-Age until its exp when the session is remembered. */
function sessionCookie(context: ViewContext, token: string, remember: boolean): string {
  return refreshCookie(token, remember ? Number(claimsOf(token).exp) : undefined, context.nowMs)
}

/** A signed token's claims (one the mock just made or checked). */
function claimsOf(token: string): TokenPayload {
  return decodeJwt(token) as TokenPayload
}

/** Any refusal of the cookie's token clears the cookie; the answers themselves are body mode's. */
function clearingOnRefusal(response: MockResponse): MockResponse {
  return response.kind === 'json' && response.status >= 400 ? withCookie(response, clearingRefreshCookie()) : response
}

/**
 * Cookie mode's refresh: the CSRF check; the body is never read; the token is the cookie's (none: 401 with
 * InvalidToken's default detail). A session's token: rotation, the grace window's same successor, reuse, as in body
 * mode; 200 {"access"} and the successor's cookie (without rotation, {"access"} alone: the cookie stays). A token
 * without a session: simplejwt's refresh, its successor in a browser-session cookie. Every refusal clears the cookie.
 */
async function refreshWithCookieView(context: ViewContext): Promise<MockResponse> {
  const refused = csrfRefusal(context.request, context.url, context.settings)
  if (refused) return refused
  const raw = refreshFromCookies(context.cookies)
  if (raw === undefined) return withCookie(jsonResponse(401, { detail: INVALID_OR_EXPIRED, code: 'token_not_valid' }), clearingRefreshCookie())
  const response = await invalidTokenAs401(async () => {
    const payload = await loadToken(raw, 'refresh', checkContext(context))
    if (SESSION_CLAIM in payload) {
      const answer = await refreshSession(context.state, context.settings, payload, context.nowMs, { refreshExpClaim: true })
      const body = jsonResponse(200, { access: answer.access })
      return answer.refresh === undefined ? body : withCookie(body, sessionCookie(context, answer.refresh, isRemembered(context.state, payload)))
    }
    if (pythonTruthy(payload.user_id) && !userOfClaim(context.state, payload.user_id)) {
      return jsonResponse(401, { detail: NO_ACTIVE_ACCOUNT_FOR_TOKEN, code: 'no_active_account' })
    }
    const secret = context.state.secret
    const accessFor = (refresh: TokenPayload) => ({ ...accessPayloadFrom(payload, context.nowMs, context.settings.accessSeconds), refresh_exp: Number(refresh.exp) })
    if (!context.settings.rotate) return jsonResponse(200, { access: await signToken(accessFor(payload), secret) })
    blacklist(context.state, payload, context.nowMs)
    const next = rotatedPayload(payload, context.nowMs, context.settings.refreshSeconds)
    outstand(context.state, next, context.nowMs)
    const body = jsonResponse(200, { access: await signToken(accessFor(next), secret) })
    return withCookie(body, refreshCookie(await signToken(next, secret), undefined, context.nowMs))
  })
  return clearingOnRefusal(response)
}

/**
 * Cookie mode's logout: the CSRF check; the body is never read; the cookie's token ends its session (or, without a
 * session, is blacklisted). 200 {} and the clearing cookie, without a cookie too; a refused token gets body mode's
 * refusal and the clearing cookie.
 */
async function blacklistWithCookieView(context: ViewContext): Promise<MockResponse> {
  const refused = csrfRefusal(context.request, context.url, context.settings)
  if (refused) return refused
  const raw = refreshFromCookies(context.cookies)
  if (raw === undefined) return withCookie(jsonResponse(200, {}), clearingRefreshCookie())
  const response = await invalidTokenAs401(async () => {
    const payload = await loadToken(raw, 'refresh', checkContext(context))
    if (SESSION_CLAIM in payload) logoutSession(context.state, context.settings, payload, context.nowMs)
    else blacklist(context.state, payload, context.nowMs)
    return jsonResponse(200, {})
  })
  return withCookie(response, clearingRefreshCookie())
}
