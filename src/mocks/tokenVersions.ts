/**
 * The server's per-user token version (server/accounts/tokens.py): every token carries its user's version in
 * `token_version`; a password change or "log out everywhere" bumps it, and every older token is refused.
 */
import type { MockState, StoredUser } from './db'
import type { TokenPayload } from './jwt'

export const TOKEN_VERSION_CLAIM = 'token_version'

/** The user a user_id claim names, compared as Django's lookup would (1 and "1" alike). */
export function userOfClaim(state: MockState, userId: unknown): StoredUser | undefined {
  return state.users.find((user) => String(user.id) === String(userId))
}

/** TokenVersion.objects.current(user_id): 0 for a user never revoked, or a claim that names no one. */
export function currentTokenVersion(state: MockState, userId: unknown): number {
  return userOfClaim(state, userId)?.tokenVersion ?? 0
}

/** Whether a token carries its user's current version (a token without the claim carries 0). */
export function holdsCurrentVersion(state: MockState, payload: TokenPayload): boolean {
  const carried = TOKEN_VERSION_CLAIM in payload ? payload[TOKEN_VERSION_CLAIM] : 0
  return carried === currentTokenVersion(state, payload.user_id)
}

/** sessions_end_all(user): a new version; every refresh token of an older one now reads as blacklisted. */
export function endAllSessions(user: StoredUser): void {
  user.tokenVersion += 1
}
