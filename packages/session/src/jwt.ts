/** A JWT's header (JOSE): the algorithm, the type, the key id, … */
export interface TokenHeader {
  alg?: string
  typ?: string
  kid?: string
  [parameter: string]: unknown
}

/** The registered claims (RFC 7519) and simplejwt's, as a decoded token may carry them: unverified, unchecked. */
export interface TokenClaims {
  iss?: string
  sub?: string
  aud?: string | string[]
  jti?: string
  nbf?: number
  exp?: number
  iat?: number
  token_type?: string
  user_id?: number
  [claim: string]: unknown
}

export interface DecodedToken {
  header: TokenHeader
  payload: TokenClaims
}

/**
 * One part of a JWT: base64url → UTF-8 → a JSON object (throws otherwise). Decoding is all the client
 * does with a token, and these few lines keep jose's decoders (~0.9 KB gzip) off the login page.
 */
function decodePart(part: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) throw new TypeError('not base64url')
  const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'))
  const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))))
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('not a JSON object')
  return value as Record<string, unknown>
}

/** Decodes (never verifies: that is the server's job) a JWT; null for anything that isn't one. */
export function decodeToken(token: unknown): DecodedToken | null {
  if (typeof token !== 'string') return null
  const parts = token.split('.')
  if (parts.length !== 3) return null
  try {
    return { header: decodePart(parts[0] ?? '') as TokenHeader, payload: decodePart(parts[1] ?? '') as TokenClaims }
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
