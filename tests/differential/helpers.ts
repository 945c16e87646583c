/** Shared by the differential cases: users, clocks, and tokens minted with each backend's own key. */
import { decodeJwt } from 'jose'
import type { DifferentialClient } from './harness'

export const DEMO = { username: 'demo', password: 'demo123' }
export const ADMIN = { username: 'admin', password: 'admin123' }

export const nowSeconds = () => Math.floor(Date.now() / 1000)
export const claimsOf = (token: string) => decodeJwt(token) as Record<string, unknown>
export const newJti = () => crypto.randomUUID().replace(/-/g, '')

/** A valid access token for a user, signed with the backend's key: minted, not obtained, since a login
 * costs Django a PBKDF2 hash and tokens.test.ts covers obtaining. */
export function accessToken(api: DifferentialClient, userId = 1, expiresIn = 300): Promise<string> {
  const now = nowSeconds()
  return api.sign({ token_type: 'access', exp: now + expiresIn, iat: now, jti: newJti(), user_id: userId })
}

/** The Authorization header of a minted access token. */
export async function authorization(api: DifferentialClient, userId = 1): Promise<string> {
  return `JWT ${await accessToken(api, userId)}`
}

/** Python's HTTP-date, as both servers put it in Date. */
export const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/
