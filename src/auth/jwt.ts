import { decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose'

/** simplejwt's claims on top of the registered ones. */
export interface TokenClaims extends JWTPayload {
  token_type?: string
  user_id?: number
}

export interface DecodedToken {
  header: ProtectedHeaderParameters
  payload: TokenClaims
}

/** Decodes (never verifies: that is the server's job) a JWT; null for anything that isn't one. */
export function decodeToken(token: unknown): DecodedToken | null {
  if (typeof token !== 'string' || token.split('.').length !== 3) return null
  try {
    return { header: decodeProtectedHeader(token), payload: decodeJwt(token) as TokenClaims }
  } catch {
    return null
  }
}

/** `exp` in epoch milliseconds, or null when the token has none. */
export function expiresAtMs(token: string): number | null {
  const exp = decodeToken(token)?.payload.exp
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null
}

/** A JWT with a numeric `exp` whose `token_type`, when present, is the expected one. */
export function isTokenOfType(token: unknown, type: 'access' | 'refresh'): token is string {
  const decoded = decodeToken(token)
  if (!decoded || typeof decoded.payload.exp !== 'number') return false
  return decoded.payload.token_type === undefined || decoded.payload.token_type === type
}
