/**
 * Minting and revoking tokens the way simplejwt 5.5's RefreshToken (and the blacklist app) does, with the server's
 * token version (server/accounts/tokens.py, services.py). Sessions, which use these, are in sessions.ts.
 */
import type { MockState, StoredUser } from './db.js'
import { epochSeconds, newJti, type TokenPayload } from './jwt.js'
import { jtiOf } from './simplejwt.js'
import { holdsCurrentVersion, userOfClaim } from './tokenVersions.js'

/** The tokens a login gives ({@link MockBackend.issueTokens}): a refresh and an access token. */
export interface IssuedPair {
  refresh: string
  access: string
}

/**
 * refresh.access_token: a new AccessToken (its own exp, iat and jti), then every claim of the refresh token but
 * token_type, exp, jti and (since simplejwt 5.5) iat.
 */
export function accessPayloadFrom(refresh: TokenPayload, nowMs: number, accessSeconds: number): TokenPayload {
  const access: TokenPayload = { token_type: 'access', exp: epochSeconds(nowMs + accessSeconds * 1000), iat: epochSeconds(nowMs), jti: newJti() }
  for (const [claim, value] of Object.entries(refresh)) {
    if (claim !== 'token_type' && claim !== 'exp' && claim !== 'jti' && claim !== 'iat') access[claim] = value
  }
  return access
}

/** Entries of tokens past their exp go (flushexpiredtokens): such a token is refused as expired before any lookup. */
function flushExpired(state: MockState, nowMs: number): void {
  const now = epochSeconds(nowMs)
  state.outstanding = state.outstanding.filter((entry) => entry.exp > now)
  state.blacklist = state.blacklist.filter((entry) => entry.exp > now)
}

function expOf(payload: TokenPayload, nowMs: number): number {
  return typeof payload.exp === 'number' ? payload.exp : epochSeconds(nowMs)
}

/** BlacklistMixin.for_user / outstand(): the token is in OutstandingToken (get_or_create by jti), with its user. */
export function outstand(state: MockState, payload: TokenPayload, nowMs: number, user?: StoredUser): void {
  flushExpired(state, nowMs)
  const jti = jtiOf(payload)
  if (state.outstanding.some((entry) => entry.jti === jti)) return
  // outstand() looks the user up by the claim (DoesNotExist: no user; a claim that is no pk raises).
  const owner = user ?? userOfClaim(state, payload.user_id)
  state.outstanding.push({ jti, userId: owner?.id ?? null, exp: expOf(payload, nowMs) })
}

/** The rotated refresh token: same claims, new jti, exp and iat (recorded as outstanding). */
export function rotatedPayload(refresh: TokenPayload, nowMs: number, refreshSeconds: number): TokenPayload {
  return { ...refresh, jti: newJti(), exp: epochSeconds(nowMs + refreshSeconds * 1000), iat: epochSeconds(nowMs) }
}

export function isBlacklisted(state: MockState, jti: string): boolean {
  return state.blacklist.some((entry) => entry.jti === jti)
}

/** VersionedRefreshToken.check_blacklist: blacklisted, or of an older token version (refused the same way). */
export function isRefreshRevoked(state: MockState, payload: TokenPayload): boolean {
  return isBlacklisted(state, jtiOf(payload)) || !holdsCurrentVersion(state, payload)
}

/** refresh.blacklist(): outstanding (get_or_create), then blacklisted once. */
export function blacklist(state: MockState, payload: TokenPayload, nowMs: number): void {
  outstand(state, payload, nowMs)
  const jti = jtiOf(payload)
  if (!isBlacklisted(state, jti)) state.blacklist.push({ jti, exp: expOf(payload, nowMs) })
}

/**
 * _blacklist_outstanding: the OutstandingToken with this jti blacklisted, if the server recorded it and it isn't yet
 * (a token it never recorded is left alone).
 */
export function blacklistOutstanding(state: MockState, jti: string, nowMs: number): void {
  flushExpired(state, nowMs)
  const entry = state.outstanding.find((candidate) => candidate.jti === jti)
  if (entry && !isBlacklisted(state, jti)) state.blacklist.push({ jti, exp: entry.exp })
}

/** Every outstanding token of the user blacklisted (sessions_end_all). */
export function blacklistOutstandingOf(state: MockState, user: StoredUser, nowMs: number): void {
  flushExpired(state, nowMs)
  for (const entry of state.outstanding) {
    if (entry.userId === user.id && !isBlacklisted(state, entry.jti)) state.blacklist.push({ jti: entry.jti, exp: entry.exp })
  }
}
