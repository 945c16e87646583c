/**
 * djangorestframework-jwt 1.11 over PyJWT 1.7.1 (the drf-jwt stack): its token (user_id, username, exp, email,
 * orig_iat; header typ before alg), jwt_decode_handler's outcomes and its messages. They are ugettext() calls, but
 * only two have a zh-hans text the server's gettext finds (rest_framework's catalog); the others stay English.
 */
import { SignJWT } from 'jose'
import { MOCK_USERS } from './db.js'
import { epochSeconds, type TokenPayload } from './jwt.js'
import { pyJwtDecode } from './pyjwt.js'
import { pythonStr, pythonTruthy } from './python.js'
import { holdsStorableText } from './claims.js'
import { gettextLazy, type Text } from './translation.js'

export const DRF_JWT_MESSAGES = {
  expired: gettextLazy('Signature has expired.'),
  decoding: gettextLazy('Error decoding signature.'),
  incorrect: gettextLazy('Incorrect authentication credentials.'),
  invalidPayload: gettextLazy('Invalid payload.'),
  invalidSignature: gettextLazy('Invalid signature.'),
  userMissing: gettextLazy("User doesn't exist."),
  origIatRequired: gettextLazy('orig_iat field is required.'),
  refreshExpired: gettextLazy('Refresh has expired.'),
  unableToLogIn: gettextLazy('Unable to log in with provided credentials.'),
  noCredentials: gettextLazy('Invalid Authorization header. No credentials provided.'),
  spaces: gettextLazy('Invalid Authorization header. Credentials string should not contain spaces.'),
} as const

/** What jwt_decode_handler raised, mapped to the message the serializer or the authentication class shows. */
export class DrfJwtError extends Error {
  constructor(readonly detail: Text) {
    super(typeof detail === 'string' ? detail : detail.msgid)
  }
}

/** jwt_payload_handler: claims in drf-jwt's order; exp and orig_iat in whole seconds (a refresh copies orig_iat as sent). */
export function drfJwtPayload(userId: number, nowMs: number, accessSeconds: number, origIat?: unknown): TokenPayload {
  const user = MOCK_USERS.find((candidate) => candidate.id === userId)
  return {
    user_id: userId,
    username: user?.username ?? '',
    exp: epochSeconds(nowMs + accessSeconds * 1000),
    email: '',
    orig_iat: origIat ?? epochSeconds(nowMs),
  }
}

/** jwt_encode_handler: PyJWT 1.7.1 writes the header as {"typ":"JWT","alg":"HS256"}. */
export function signDrfJwt(payload: TokenPayload, secret: string): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ typ: 'JWT', alg: 'HS256' }).sign(new TextEncoder().encode(secret))
}

/**
 * The project's JWT_DECODE_HANDLER (server/accounts/drf_jwt.py) and what each caller does with its exceptions:
 * ExpiredSignature and DecodeError have messages; a claim drf-jwt can't use (text no database takes, an orig_iat that
 * is no number; stock: a 500) is a DecodeError. Any other InvalidTokenError (alg none, a future nbf, an iat that is
 * no number) is "Incorrect authentication credentials." to the authentication class, and "Error decoding
 * signature." to the project's refresh and verify serializers (stock drf-jwt's let it through: a 500).
 */
export async function decodeDrfJwt(raw: string, secret: string, nowMs: number, where: 'view' | 'authentication'): Promise<TokenPayload> {
  const decoded = await pyJwtDecode(raw, secret, nowMs, '1.7.1')
  if ('payload' in decoded) {
    if (!claimsUsable(decoded.payload)) throw new DrfJwtError(DRF_JWT_MESSAGES.decoding)
    return decoded.payload
  }
  if (decoded.error === 'ExpiredSignatureError') throw new DrfJwtError(DRF_JWT_MESSAGES.expired)
  if (decoded.error === 'DecodeError' || where === 'view') throw new DrfJwtError(DRF_JWT_MESSAGES.decoding)
  throw new DrfJwtError(DRF_JWT_MESSAGES.incorrect)
}

/** accounts/drf_jwt.py's check_payload: every string storable, a truthy orig_iat a finite number (a bool is one). */
function claimsUsable(payload: TokenPayload): boolean {
  const origIat = payload.orig_iat
  const origIatUsable = !pythonTruthy(origIat) || typeof origIat === 'boolean' || (typeof origIat === 'number' && Number.isFinite(origIat))
  return origIatUsable && holdsStorableText(payload)
}

/**
 * The user named by the token's `username` claim (get_by_natural_key: the claim as a str, case-sensitive), or
 * undefined; a falsy claim is no username at all.
 */
export function userOfUsernameClaim(payload: TokenPayload): { id: number } | undefined | 'no username' {
  if (!pythonTruthy(payload.username)) return 'no username'
  const username = pythonStr(payload.username)
  return MOCK_USERS.find((candidate) => candidate.username === username)
}

/** VerificationBaseSerializer._check_user: "Invalid payload." without a username, "User doesn't exist." for a stranger. */
export function userOfPayload(payload: TokenPayload): number {
  const user = userOfUsernameClaim(payload)
  if (user === 'no username') throw new DrfJwtError(DRF_JWT_MESSAGES.invalidPayload)
  if (!user) throw new DrfJwtError(DRF_JWT_MESSAGES.userMissing)
  return user.id
}

/**
 * RefreshJSONWebTokenSerializer's window: a falsy orig_iat is "required"; refreshing works while the current whole
 * second <= orig_iat + JWT_REFRESH_EXPIRATION_DELTA (an orig_iat that is no number was refused by decodeDrfJwt).
 */
export function checkRefreshWindow(origIat: unknown, nowMs: number, refreshSeconds: number): void {
  if (!pythonTruthy(origIat)) throw new DrfJwtError(DRF_JWT_MESSAGES.origIatRequired)
  if (epochSeconds(nowMs) > Number(origIat) + Math.trunc(refreshSeconds)) throw new DrfJwtError(DRF_JWT_MESSAGES.refreshExpired)
}
