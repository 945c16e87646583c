/**
 * Sessions the server knows (server/accounts/models.py Session, services.py): a login starts a session, the family
 * of rotating refresh tokens it issues, named by the `sid` claim of every token of it. A refresh consumes the
 * current token (the mock runs one request at a time, so of parallel refreshes the first consumes it); the token
 * spent last gets that same successor again within REFRESH_GRACE_SECONDS (a lost answer, retried); any other token
 * of the family coming back ends the session (reuse). No token outlives SESSION_MAX_SECONDS after the login.
 * simplejwt's outstanding and blacklisted tokens are kept in step, as the server keeps its tables.
 */
import { base64url, decodeJwt } from 'jose'
import { storedText } from './claims.js'
import type { MockSettings } from './config.js'
import { nextMicros, type MockState, type SessionEndReason, type StoredSession, type StoredUser } from './db.js'
import { newClaims, signToken, type TokenPayload } from './jwt.js'
import { pythonStr } from './python.js'
import { TOKEN_MESSAGES, TokenError } from './simplejwt.js'
import { accessPayloadFrom, blacklistOutstanding, blacklistOutstandingOf, outstand, rotatedPayload, type IssuedPair } from './tokens.js'
import { TOKEN_VERSION_CLAIM, currentTokenVersion, holdsCurrentVersion, primaryKeyOf, userOfClaim } from './tokenVersions.js'

/** The claim that names a token's session, in every token of it (after token_version). */
export const SESSION_CLAIM = 'sid'

/** Session.user_agent's max_length. */
const USER_AGENT_MAX_LENGTH = 512
/** manage.py purge runs daily: the mock drops what it would have deleted a day after it ended. */
const PURGE_AFTER_MICROS = 86_400 * 1_000_000

/** secrets.token_urlsafe(16): 16 random bytes, base64url without padding (22 characters). */
function newSessionId(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(16)))
}

/** The session's end as a token's exp: datetime_to_epoch drops the fraction. */
function endEpoch(session: StoredSession): number {
  return Math.floor(session.expiresMicros / 1_000_000)
}

/** cap_exp: no token of a session outlives the session's absolute end. */
function capped(payload: TokenPayload, session: StoredSession): TokenPayload {
  return { ...payload, exp: Math.min(Number(payload.exp), endEpoch(session)) }
}

function isLive(session: StoredSession, nowMs: number): boolean {
  return session.endedMicros === null && session.expiresMicros > nowMs * 1000
}

/** What `Session.objects.filter(pk=<sid claim>)` compares: the CharField's str(value); None matches no row. */
function sessionIdOf(claim: unknown): string | undefined {
  return claim === null || claim === undefined ? undefined : pythonStr(claim)
}

/**
 * Session.objects.filter(pk=token["sid"], user_id=token.get("user_id")).first(): the session, if it is the token's
 * user's. A user_id that is no integer ("abc", a list) was refused with the token (claims.ts): stock, the query's 500.
 */
function sessionOfToken(state: MockState, payload: TokenPayload): StoredSession | undefined {
  const id = sessionIdOf(payload[SESSION_CLAIM])
  const userId = primaryKeyOf(payload.user_id)
  if (id === undefined || typeof userId !== 'number') return undefined
  return state.sessions.find((session) => session.id === id && session.userId === userId)
}

/** Whether the session a token names (any user's, live or not) was a remembered login (cookie mode). */
export function isRemembered(state: MockState, payload: TokenPayload): boolean {
  return sessionOfToken(state, payload)?.remember === true
}

/** sessions_purge: sessions that ended or passed their end (here: a day ago) go; their tokens are refused all the same. */
function purgeSessions(state: MockState, nowMs: number): void {
  const before = nowMs * 1000 - PURGE_AFTER_MICROS
  state.sessions = state.sessions.filter((session) => (session.endedMicros ?? Infinity) > before && session.expiresMicros > before)
}

/** How a session's tokens are given: body mode (the default) or cookie mode (refreshCookie.ts). */
export interface SessionIssue {
  /** Cookie mode: the login's `remember`, kept on the session (its cookies are persistent iff it is true). */
  remember?: boolean
  /** Cookie mode: every access token carries `refresh_exp`, the exp of the refresh token issued with it. */
  refreshExpClaim?: boolean
}

/** The access token made from a session's refresh token; in cookie mode with `refresh_exp` (that token's exp) last. */
function accessOf(refresh: TokenPayload, session: StoredSession, nowMs: number, accessSeconds: number, refreshExp: number | undefined): TokenPayload {
  const access = capped(accessPayloadFrom(refresh, nowMs, accessSeconds), session)
  return refreshExp === undefined ? access : { ...access, refresh_exp: refreshExp }
}

/**
 * session_start: a login on a device, a new session and its first pair ({refresh, access}, as POST /token/ gives it).
 * `issue` (cookie mode) keeps the login's `remember` and adds `refresh_exp` to the access token.
 */
export async function startSession(
  state: MockState,
  settings: MockSettings,
  user: StoredUser,
  userAgent: string,
  nowMs: number,
  issue: SessionIssue = {},
): Promise<IssuedPair> {
  purgeSessions(state, nowMs)
  const created = nextMicros(state, nowMs)
  const session: StoredSession = {
    id: newSessionId(),
    userId: user.id,
    userAgent: Array.from(storedText(userAgent)).slice(0, USER_AGENT_MAX_LENGTH).join(''),
    createdMicros: created,
    lastUsedMicros: created,
    expiresMicros: created + Math.round(settings.sessionMaxSeconds * 1_000_000),
    endedMicros: null,
    endReason: '',
    refreshJti: '',
    refreshToken: '',
    spentJti: '',
    spentMicros: null,
    ...(issue.remember === undefined ? {} : { remember: issue.remember }),
  }
  // SessionRefreshToken.for_session: RefreshToken(), user_id, token_version, sid; exp capped; recorded as outstanding.
  const claims = { ...newClaims('refresh', user.id, nowMs, settings.refreshSeconds), [TOKEN_VERSION_CLAIM]: currentTokenVersion(state, user.id) }
  const refresh = capped({ ...claims, [SESSION_CLAIM]: session.id }, session)
  outstand(state, refresh, nowMs, user)
  session.refreshJti = String(refresh.jti)
  session.refreshToken = await signToken(refresh, state.secret)
  state.sessions.push(session)
  const access = accessOf(refresh, session, nowMs, settings.accessSeconds, issue.refreshExpClaim ? Number(refresh.exp) : undefined)
  return { refresh: session.refreshToken, access: await signToken(access, state.secret) }
}

/** _within_grace: `jti` is the token the session spent last, less than REFRESH_GRACE_SECONDS ago (0: never). */
function withinGrace(session: StoredSession, jti: string, nowMs: number, graceSeconds: number): boolean {
  return graceSeconds > 0 && session.spentJti === jti && session.spentMicros !== null && nowMs * 1000 - session.spentMicros < graceSeconds * 1_000_000
}

/** _live_session: the refresh token's session, if live; else the refusal every revoked (or expired) refresh token gets. */
function liveSessionOf(state: MockState, payload: TokenPayload, nowMs: number): StoredSession {
  const session = sessionOfToken(state, payload)
  if (!session || session.endedMicros !== null) throw new TokenError(TOKEN_MESSAGES.blacklisted)
  if (session.expiresMicros <= nowMs * 1000) throw new TokenError(TOKEN_MESSAGES.expired)
  return session
}

function userOfSession(state: MockState, session: StoredSession): StoredUser {
  const user = state.users.find((candidate) => candidate.id === session.userId)
  if (!user) throw new Error(`no user ${session.userId} behind session ${session.id}`)
  return user
}

/** The access token of a refresh; `refreshExp` (cookie mode): the exp of the refresh token the client holds after it. */
async function signedAccess(
  state: MockState,
  settings: MockSettings,
  refresh: TokenPayload,
  session: StoredSession,
  nowMs: number,
  refreshExp: number | undefined,
): Promise<string> {
  return signToken(accessOf(refresh, session, nowMs, settings.accessSeconds, refreshExp), state.secret)
}

/**
 * session_refresh: POST /token/refresh/ with a session's refresh token (signature, exp and type checked already).
 * Throws TokenError for a refused one. With rotation: {access, refresh}; without: {access}. With `refreshExpClaim`
 * (cookie mode) the access token carries the exp of the refresh token the client holds next (the successor's, or
 * without rotation the one presented).
 */
export async function refreshSession(
  state: MockState,
  settings: MockSettings,
  payload: TokenPayload,
  nowMs: number,
  issue: Pick<SessionIssue, 'refreshExpClaim'> = {},
): Promise<Record<string, string>> {
  const expOf = (token: TokenPayload) => (issue.refreshExpClaim ? Number(token.exp) : undefined)
  const jti = String(payload.jti)
  const session = liveSessionOf(state, payload, nowMs)
  if (!settings.rotate) {
    if (jti !== session.refreshJti) throw new TokenError(TOKEN_MESSAGES.blacklisted)
    session.lastUsedMicros = nowMs * 1000
    return { access: await signedAccess(state, settings, payload, session, nowMs, expOf(payload)) }
  }
  if (jti === session.refreshJti) {
    // successor_of: same claims, a new jti, exp and iat, never past the session's end; the spent token remembered.
    const successor = capped(rotatedPayload(payload, nowMs, settings.refreshSeconds), session)
    const text = await signToken(successor, state.secret)
    Object.assign(session, { refreshJti: String(successor.jti), refreshToken: text, spentJti: jti, spentMicros: nowMs * 1000, lastUsedMicros: nowMs * 1000 })
    blacklistOutstanding(state, jti, nowMs)
    outstand(state, successor, nowMs, userOfSession(state, session))
    return { access: await signedAccess(state, settings, payload, session, nowMs, expOf(successor)), refresh: text }
  }
  if (withinGrace(session, jti, nowMs, settings.graceSeconds)) {
    // The same successor again, and a new access token made from it.
    const current = decodeJwt(session.refreshToken) as TokenPayload
    return { access: await signedAccess(state, settings, current, session, nowMs, expOf(current)), refresh: session.refreshToken }
  }
  // Neither current nor just spent: an older token of the family, or the last one after the window.
  endSession(state, session, 'reuse', nowMs)
  throw new TokenError(TOKEN_MESSAGES.blacklisted)
}

/**
 * session_logout: POST /token/blacklist/ with a session's refresh token ends the session. Its current token (or the
 * one spent last, within the window) logs out; an older one is a replay: the session ends as reuse, and 401.
 */
export function logoutSession(state: MockState, settings: MockSettings, payload: TokenPayload, nowMs: number): void {
  const session = liveSessionOf(state, payload, nowMs)
  const jti = String(payload.jti)
  if (jti === session.refreshJti || withinGrace(session, jti, nowMs, settings.graceSeconds)) {
    endSession(state, session, 'logout', nowMs)
    return
  }
  endSession(state, session, 'reuse', nowMs)
  throw new TokenError(TOKEN_MESSAGES.blacklisted)
}

/** session_end: ends a session at once (its current refresh token blacklisted). False if it had ended already. */
export function endSession(state: MockState, session: StoredSession, reason: SessionEndReason, nowMs: number): boolean {
  if (session.endedMicros !== null) return false
  session.endedMicros = nowMs * 1000
  session.endReason = reason
  blacklistOutstanding(state, session.refreshJti, nowMs)
  return true
}

/**
 * sessions_end_all(user): a new token version (every token without a session is refused), every session of the user
 * ended, every outstanding refresh token of theirs blacklisted.
 */
export function endAllSessions(state: MockState, user: StoredUser, reason: SessionEndReason, nowMs: number): void {
  user.tokenVersion += 1
  for (const session of state.sessions) {
    if (session.userId === user.id && session.endedMicros === null) {
      session.endedMicros = nowMs * 1000
      session.endReason = reason
    }
  }
  blacklistOutstandingOf(state, user, nowMs)
}

/** sessions_of(user): the user's live sessions, newest first (created_at, then id, descending). */
export function liveSessionsOf(state: MockState, userId: number, nowMs: number): StoredSession[] {
  return state.sessions
    .filter((session) => session.userId === userId && isLive(session, nowMs))
    .sort((a, b) => b.createdMicros - a.createdMicros || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
}

/**
 * token_user: the user a validated token speaks for; null if it was revoked (its session ended or passed its end,
 * or it holds an older token version); undefined (the user model's DoesNotExist) when a token without a session
 * names no user (a user_id claim that is no integer was refused with the token, claims.ts).
 */
export function tokenHolder(state: MockState, payload: TokenPayload, nowMs: number): StoredUser | null | undefined {
  let user: StoredUser | undefined
  if (SESSION_CLAIM in payload) {
    const session = sessionOfToken(state, payload)
    if (!session || !isLive(session, nowMs)) return null
    user = userOfSession(state, session)
  } else {
    user = userOfClaim(state, payload.user_id)
    if (!user) return undefined
  }
  return holdsCurrentVersion(state, payload) ? user : null
}
