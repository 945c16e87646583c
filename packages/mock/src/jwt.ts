/** HS256 JWTs exactly as simplejwt (PyJWT) writes them, signed with jose (pyjwt.ts checks them as PyJWT does). */
import { SignJWT, UnsecuredJWT } from 'jose'

export type TokenType = 'access' | 'refresh' | 'sliding'

/** simplejwt's claims, in its order: token_type, exp, iat, jti, user_id (a str since simplejwt 5.5: str(user.pk)). */
export interface TokenClaims {
  token_type: TokenType
  exp: number
  iat: number
  jti: string
  user_id: string
}

/** A JWT's claims, as {@link MockBackend.signToken} signs them. */
export type TokenPayload = Record<string, unknown>

/** How {@link MockBackend.signToken} signs: another key, or no signature at all. */
export interface SignTokenOptions {
  /** Sign with another key (a forged token). Defaults to the backend's secret. */
  secret?: string
  /** 'none' makes an unsigned token, the classic `alg: none` attack. */
  alg?: 'HS256' | 'none'
}

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret)
}

function randomHex(bytes: number): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes))
  return Array.from(buffer, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** uuid4().hex, as simplejwt's jti (crypto.randomUUID needs a secure context; this does not). */
export function newJti(): string {
  const hex = randomHex(16).split('')
  hex[12] = '4'
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
  return hex.join('')
}

/** A fresh signing key, like Django's SECRET_KEY. */
export function newSecret(): string {
  return randomHex(32)
}

/** Epoch seconds the way simplejwt computes them: timegm(dt.utctimetuple()) drops the fraction. */
export function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000)
}

export async function signToken(payload: TokenPayload, secret: string, options: SignTokenOptions = {}): Promise<string> {
  if (options.alg === 'none') return new UnsecuredJWT(payload).encode()
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(keyOf(options.secret ?? secret))
}

/** The claims of a new token of this type, as simplejwt's Token() + for_user(). */
export function newClaims(type: TokenType, userId: number, nowMs: number, lifetimeSeconds: number): TokenClaims {
  return {
    token_type: type,
    exp: epochSeconds(nowMs + lifetimeSeconds * 1000),
    iat: epochSeconds(nowMs),
    jti: newJti(),
    user_id: String(userId),
  }
}
