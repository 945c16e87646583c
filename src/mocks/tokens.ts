/** Minting and revoking tokens the way simplejwt's RefreshToken does. */
import type { MockSettings } from './config'
import type { MockState } from './db'
import { epochSeconds, newClaims, newJti, signToken, type TokenPayload } from './jwt'
import { jtiOf } from './simplejwt'
import { TOKEN_VERSION_CLAIM, currentTokenVersion, holdsCurrentVersion } from './tokenVersions'

export interface IssuedPair {
  refresh: string
  access: string
}

/** refresh.access_token: a new access token that copies every claim but token_type, exp and jti (so iat too). */
export function accessPayloadFrom(refresh: TokenPayload, nowMs: number, accessSeconds: number): TokenPayload {
  const access: TokenPayload = {
    token_type: 'access',
    exp: epochSeconds(nowMs + accessSeconds * 1000),
    iat: epochSeconds(nowMs),
    jti: newJti(),
  }
  for (const [claim, value] of Object.entries(refresh)) {
    if (claim !== 'token_type' && claim !== 'exp' && claim !== 'jti') access[claim] = value
  }
  return access
}

/** VersionedRefreshToken.for_user(user) and its access token: POST /token/ (the user's token version after user_id). */
export async function issuePair(state: MockState, settings: MockSettings, userId: number, nowMs: number): Promise<IssuedPair> {
  const refresh = { ...newClaims('refresh', userId, nowMs, settings.refreshSeconds), [TOKEN_VERSION_CLAIM]: currentTokenVersion(state, userId) }
  const access = accessPayloadFrom(refresh, nowMs, settings.accessSeconds)
  return { refresh: await signToken(refresh, state.secret), access: await signToken(access, state.secret) }
}

/** The rotated refresh token: same claims, new jti, exp and iat. */
export function rotatedPayload(refresh: TokenPayload, nowMs: number, refreshSeconds: number): TokenPayload {
  return { ...refresh, jti: newJti(), exp: epochSeconds(nowMs + refreshSeconds * 1000), iat: epochSeconds(nowMs) }
}

export function isBlacklisted(state: MockState, jti: string): boolean {
  return state.blacklist.some((entry) => entry.jti === jti)
}

/**
 * Whether simplejwt's blacklist holds this refresh token: the server blacklists every outstanding refresh token
 * of a user whose sessions end (and refuses one of an older version as blacklisted anyway), so here a refresh
 * token of an older version simply reads as blacklisted.
 */
export function isRefreshRevoked(state: MockState, payload: TokenPayload): boolean {
  return isBlacklisted(state, jtiOf(payload)) || !holdsCurrentVersion(state, payload)
}

/** refresh.blacklist(); entries of tokens already expired are dropped (flushexpiredtokens). */
export function blacklist(state: MockState, payload: TokenPayload, nowMs: number): void {
  const now = epochSeconds(nowMs)
  state.blacklist = state.blacklist.filter((entry) => entry.exp > now)
  const jti = jtiOf(payload)
  if (!isBlacklisted(state, jti)) state.blacklist.push({ jti, exp: typeof payload.exp === 'number' ? payload.exp : now })
}
