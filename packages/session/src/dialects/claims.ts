/** Claim readers shared by the dialects: numbers in epoch seconds turned into milliseconds. */
import { decodeToken, type TokenClaims } from '../jwt.js'

/** The token's claims, or null for anything that isn't a JWT. */
export function claimsOf(token: unknown): TokenClaims | null {
  return decodeToken(token)?.payload ?? null
}

/** A numeric claim (epoch seconds) in epoch milliseconds, or null. */
export function secondsClaimMs(claims: TokenClaims | null, name: string): number | null {
  const value = claims?.[name]
  return typeof value === 'number' && Number.isFinite(value) ? value * 1000 : null
}
