/**
 * djangorestframework-jwt 1.11 over PyJWT 1.7.1: its token (user_id, username, exp, email, orig_iat; header
 * typ before alg), the decode checks in PyJWT's order, and its messages. Only two of them are in a catalog
 * Django loads (rest_framework's); the others are English in every language.
 */
import { SignJWT, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose'
import { MOCK_USERS } from './db'
import { epochSeconds, type TokenPayload } from './jwt'
import { UncaughtServerError } from './responses'
import { gettextLazy, type Text } from './translation'

export const DRF_JWT_MESSAGES = {
  expired: 'Signature has expired.',
  decoding: 'Error decoding signature.',
  incorrect: gettextLazy('Incorrect authentication credentials.'),
  invalidPayload: 'Invalid payload.',
  invalidSignature: 'Invalid signature.',
  userMissing: "User doesn't exist.",
  origIatRequired: 'orig_iat field is required.',
  refreshExpired: 'Refresh has expired.',
  unableToLogIn: gettextLazy('Unable to log in with provided credentials.'),
  noCredentials: 'Invalid Authorization header. No credentials provided.',
  spaces: 'Invalid Authorization header. Credentials string should not contain spaces.',
} as const

/** What jwt_decode_handler raised, mapped to the message the serializer or the authentication class shows. */
export class DrfJwtError extends Error {
  constructor(readonly detail: Text) {
    super(typeof detail === 'string' ? detail : detail.msgid)
  }
}

/** jwt_payload_handler: claims in drf-jwt's order; exp and orig_iat in whole seconds. */
export function drfJwtPayload(userId: number, nowMs: number, accessSeconds: number, origIat?: number): TokenPayload {
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
 * jwt_decode_handler: the signature (DecodeError), then exp (refused while the current whole second > exp).
 * `alg: none` raises InvalidAlgorithmError, which the serializers don't catch (500) and the authentication
 * class reports as "Incorrect authentication credentials.".
 */
export async function decodeDrfJwt(raw: string, secret: string, nowMs: number, where: 'view' | 'authentication'): Promise<TokenPayload> {
  let alg: unknown
  try {
    alg = decodeProtectedHeader(raw).alg
    decodeJwt(raw)
  } catch {
    throw new DrfJwtError(DRF_JWT_MESSAGES.decoding)
  }
  if (alg !== 'HS256') {
    if (where === 'view') throw new UncaughtServerError('InvalidAlgorithmError in jwt_decode_handler')
    throw new DrfJwtError(DRF_JWT_MESSAGES.incorrect)
  }
  let payload: TokenPayload
  try {
    // Signature only here: PyJWT's exp rule (whole seconds, exp < now) is applied below.
    payload = (await jwtVerify(raw, new TextEncoder().encode(secret), { algorithms: ['HS256'], currentDate: new Date(0) })).payload as TokenPayload
  } catch {
    throw new DrfJwtError(DRF_JWT_MESSAGES.decoding)
  }
  if (typeof payload.exp === 'number' && payload.exp < epochSeconds(nowMs)) throw new DrfJwtError(DRF_JWT_MESSAGES.expired)
  return payload
}

/** The user named by the token's `username` claim, as the serializers check it. */
export function userOfPayload(payload: TokenPayload): number {
  const username = payload.username
  if (typeof username !== 'string' || username === '') throw new DrfJwtError(DRF_JWT_MESSAGES.invalidPayload)
  const user = MOCK_USERS.find((candidate) => candidate.username === username)
  if (!user) throw new DrfJwtError(DRF_JWT_MESSAGES.userMissing)
  return user.id
}
