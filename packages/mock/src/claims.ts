/**
 * The server's check of a correctly signed token's claims before anything uses them (server/accounts/claims.py for
 * simplejwt, server/accounts/drf_jwt.py for djangorestframework-jwt): where stock simplejwt 5.5 and drf-jwt 1.11
 * answer 500, the project's server refuses the token like a forged one. These rules say which tokens; each dialect
 * turns a refusal into its own answer.
 *
 * What the mock can't express (README, docs/contract-notes.md): NaN and Infinity (JavaScript's JSON has neither, so
 * such a token is a DecodeError here and "Token is invalid" / "Error decoding signature." there alike), and a
 * user_id within a few units of 2**63 (a JavaScript number rounds it).
 */
import { pythonBigInt } from './python.js'

/** NUL (PostgreSQL refuses it in text) or a lone surrogate (no UTF-8: no database takes it); a pair is one character. */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** backend/storable.py's storable(): whether a database can hold or compare this text. */
export function isStorable(text: string): boolean {
  return !UNSTORABLE.test(text)
}

/** backend/storable.py's stored(): the text without what no database holds (a User-Agent). */
export function storedText(text: string): string {
  return text.replace(new RegExp(UNSTORABLE.source, 'g'), '')
}

/** Every string in a JSON value, keys included. */
export function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value
  else if (Array.isArray(value)) for (const item of value) yield* stringsIn(item)
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield key
      yield* stringsIn(item)
    }
  }
}

/** Whether every string of the payload is text a database takes. */
export function holdsStorableText(payload: unknown): boolean {
  for (const text of stringsIn(payload)) if (!isStorable(text)) return false
  return true
}

/** datetime.fromtimestamp's range (years 1 to 9999), in seconds. */
const EPOCH_MIN = -62135596800
const EPOCH_END = 253402300800

/** is_epoch: a number (a bool is one in Python) that names a datetime, as simplejwt's datetime_from_epoch takes it. */
export function isEpoch(value: unknown): boolean {
  if (typeof value === 'boolean') return true
  return typeof value === 'number' && Number.isFinite(value) && value >= EPOCH_MIN && value < EPOCH_END
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** is_user_id: a user_id claim the user model's lookup takes (int() of it, within 64 bits); null names no one. */
export function isUserIdClaim(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === 'boolean') return true
  let int: bigint | undefined
  if (typeof value === 'number') int = Number.isFinite(value) ? BigInt(Math.trunc(value)) : undefined
  else if (typeof value === 'string') int = pythonBigInt(value)
  return int !== undefined && int >= INT64_MIN && int <= INT64_MAX
}

/** OutstandingToken.jti's max_length. */
const JTI_MAX_LENGTH = 255

/**
 * check_claims: the first reason the server refuses a decoded simplejwt token ('invalid', or 'noId' for a token class
 * with a blacklist and no jti), or undefined. Runs after PyJWT's checks and before simplejwt's own.
 */
export function claimsRefusal(payload: Record<string, unknown>, needsId: boolean): 'invalid' | 'noId' | undefined {
  if (!holdsStorableText(payload)) return 'invalid'
  for (const claim of ['exp', 'iat', 'nbf', 'refresh_exp']) if (claim in payload && !isEpoch(payload[claim])) return 'invalid'
  if (!('jti' in payload)) return needsId ? 'noId' : checkUserId(payload)
  const jti = payload.jti
  if (typeof jti !== 'string' || Array.from(jti).length > JTI_MAX_LENGTH) return 'invalid'
  return checkUserId(payload)
}

function checkUserId(payload: Record<string, unknown>): 'invalid' | undefined {
  return isUserIdClaim(payload.user_id) ? undefined : 'invalid'
}
