/**
 * The server's per-user token version (server/accounts/tokens.py): every token carries its user's version in
 * `token_version`; a password change or "log out everywhere" bumps it, and every older token is refused.
 */
import type { MockState, StoredUser } from './db.js'
import type { TokenPayload } from './jwt.js'
import { pythonInt } from './python.js'

export const TOKEN_VERSION_CLAIM = 'token_version'

/**
 * The primary key a lookup by a claim's value queries, as Django's IntegerField.get_prep_value reads it: int(value)
 * (1, "1", " 1", 1.5 and true all mean 1); null matches no one (IS NULL); a value int() refuses is the error it raises.
 */
export function primaryKeyOf(value: unknown): number | null | 'ValueError' | 'TypeError' {
  if (value === null || value === undefined) return null
  if (typeof value === 'boolean') return Number(value)
  if (typeof value === 'number') return Math.trunc(value)
  if (typeof value === 'string') return pythonInt(value) ?? 'ValueError'
  return 'TypeError'
}

/**
 * User.objects.get(pk=<claim>): the user, undefined for DoesNotExist. A claim that is no integer ("abc", a list)
 * never gets here: the claim checks (claims.ts) refused the token first, where stock simplejwt's query raised (500).
 */
export function userOfClaim(state: MockState, userId: unknown): StoredUser | undefined {
  const pk = primaryKeyOf(userId)
  if (pk === 'ValueError' || pk === 'TypeError') return undefined
  return state.users.find((user) => user.id === pk)
}

/** TokenVersion.objects.current(user_id): 0 for a user never revoked, or a claim that names no one (or no pk at all). */
export function currentTokenVersion(state: MockState, userId: unknown): number {
  const pk = primaryKeyOf(userId)
  return state.users.find((user) => user.id === pk)?.tokenVersion ?? 0
}

/** Whether a token carries its user's current version (a token without the claim carries 0), compared as Python's ==. */
export function holdsCurrentVersion(state: MockState, payload: TokenPayload): boolean {
  const carried = TOKEN_VERSION_CLAIM in payload ? payload[TOKEN_VERSION_CLAIM] : 0
  return (typeof carried === 'boolean' ? Number(carried) : carried) === currentTokenVersion(state, payload.user_id)
}
