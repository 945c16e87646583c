/**
 * Contract: the token endpoints (obtain, refresh, verify, blacklist) through src/api/auth.ts;
 * exact bodies and headers through raw() (the `http` instance).
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { blacklistToken, obtainToken, refreshToken, verifyToken } from '@/api/auth'
import { getMe } from '@/api/me'
import { newJti } from '../../../packages/mock/src/jwt'
import { useMockBackend } from '../../support/mock-backend'
import { DEMO, WWW_AUTHENTICATE, claimsOf, headerOf, jsonPart, login, raw, tokenNotValid, withToken } from './helpers'

const START = Date.UTC(2026, 10, 23, 12, 0, 0, 250)
let now = START
// ROTATE=0 (simplejwt's stock refresh) unless a test turns rotation on; sessions.test.ts has the server's default.
const backend = useMockBackend({ now: () => now, rotate: false })
beforeEach(() => {
  now = START
})

const seconds = (ms: number) => Math.floor(ms / 1000)

describe('POST /token/ (obtain)', () => {
  it('answers 200 {refresh, access}: HS256 JWTs with simplejwt claims in simplejwt order', async () => {
    const pair = await obtainToken(DEMO)
    expect(Object.keys(pair)).toEqual(['refresh', 'access'])
    for (const token of [pair.access, pair.refresh]) {
      expect(jsonPart(token, 0)).toBe('{"alg":"HS256","typ":"JWT"}')
      // simplejwt's claims, then the user's token version (0 until revoked) and the session (server/accounts/tokens.py).
      expect(Object.keys(claimsOf(token))).toEqual(['token_type', 'exp', 'iat', 'jti', 'user_id', 'token_version', 'sid'])
      expect(claimsOf(token).jti).toMatch(/^[0-9a-f]{32}$/)
      expect(claimsOf(token).token_version).toBe(0)
      expect(claimsOf(token).sid).toMatch(/^[A-Za-z0-9_-]{22}$/)
    }
    expect(claimsOf(pair.access).sid).toBe(claimsOf(pair.refresh).sid)
    // simplejwt 5.5 writes str(user.pk).
    expect(claimsOf(pair.access)).toMatchObject({ token_type: 'access', iat: seconds(START), exp: seconds(START) + 300, user_id: '1' })
    expect(claimsOf(pair.refresh)).toMatchObject({ token_type: 'refresh', iat: seconds(START), exp: seconds(START) + 86_400, user_id: '1' })
    expect(claimsOf(pair.access).jti).not.toBe(claimsOf(pair.refresh).jti)
  })

  it('follows the configured lifetimes', async () => {
    backend().settings.accessSeconds = 3
    backend().settings.refreshSeconds = 60
    const pair = await obtainToken(DEMO)
    expect(claimsOf(pair.access).exp).toBe(seconds(START) + 3)
    expect(claimsOf(pair.refresh).exp).toBe(seconds(START) + 60)
  })

  it('gives admin user_id "2"', async () => {
    const pair = await obtainToken({ username: 'admin', password: 'admin123' })
    expect(claimsOf(pair.access).user_id).toBe('2')
  })

  it.each([
    ['a wrong password', { username: 'demo', password: 'nope' }],
    ['an unknown user', { username: 'nobody', password: 'demo123' }],
    ['the username in another case', { username: 'Demo', password: 'demo123' }],
  ])('refuses %s: 401 with no code, WWW-Authenticate set', async (_case, credentials) => {
    await expect(obtainToken(credentials)).rejects.toMatchObject({
      kind: 'http',
      status: 401,
      detail: 'No active account found with the given credentials',
      code: undefined,
    })
    const response = await raw('POST', '/token/', { data: credentials })
    expect(response.data).toEqual({ detail: 'No active account found with the given credentials' })
    expect(response.headers['www-authenticate']).toBe(WWW_AUTHENTICATE)
  })

  it('answers 400 "required" for missing fields and "blank" for empty ones', async () => {
    const missing = await raw('POST', '/token/', { data: {} })
    expect(missing.status).toBe(400)
    expect(missing.data).toEqual({ username: ['This field is required.'], password: ['This field is required.'] })
    await expect(obtainToken({ username: '', password: ' ' })).rejects.toMatchObject({
      status: 400,
      fieldErrors: { username: ['This field may not be blank.'], password: ['This field may not be blank.'] },
    })
  })

  it('ignores any Authorization header, even a broken one', async () => {
    const pair = await obtainToken(DEMO, { headers: { Authorization: 'JWT' } })
    expect(claimsOf(pair.access).user_id).toBe('1')
  })
})

describe('POST /token/refresh/', () => {
  it('answers {access} only; the new access token has its own exp and iat (simplejwt 5.5 no longer copies iat)', async () => {
    const pair = await login()
    now = START + 1_000_000
    const refreshed = await refreshToken(pair.refresh)
    expect(Object.keys(refreshed)).toEqual(['access'])
    const claims = claimsOf(refreshed.access)
    expect(Object.keys(claims)).toEqual(['token_type', 'exp', 'iat', 'jti', 'user_id', 'token_version', 'sid'])
    expect(claims).toMatchObject({ token_type: 'access', exp: seconds(now) + 300, iat: seconds(now), user_id: '1', token_version: 0, sid: claimsOf(pair.refresh).sid })
    expect(claims.jti).not.toBe(claimsOf(pair.refresh).jti)
    await expect(getMe(withToken(refreshed.access))).resolves.toEqual({ id: 1, username: 'demo' })
  })

  it('refuses an access token: 401 "Token has wrong type"', async () => {
    const pair = await login()
    await expect(refreshToken(pair.access)).rejects.toMatchObject({ status: 401, detail: 'Token has wrong type', code: 'token_not_valid' })
    const response = await raw('POST', '/token/refresh/', { data: { refresh: pair.access } })
    expect(response.data).toEqual(tokenNotValid('Token has wrong type'))
    expect(response.headers['www-authenticate']).toBe(WWW_AUTHENTICATE)
  })

  it.each([
    ['garbage', async () => 'not-a-token'],
    ['a tampered payload', async (refresh: string) => {
      const [head, , signature] = refresh.split('.')
      const payload = Buffer.from(JSON.stringify({ ...claimsOf(refresh), user_id: 2 })).toString('base64url')
      return `${head}.${payload}.${signature}`
    }],
    ['a token signed with another key', async (refresh: string) => backend().signToken(claimsOf(refresh), { secret: 'not-the-server-key' })],
    ['an alg: none token', async (refresh: string) => backend().signToken(claimsOf(refresh), { alg: 'none' })],
    ['a token issued in the future (PyJWT 2 checks iat)', async (refresh: string) => backend().signToken({ ...claimsOf(refresh), iat: seconds(START) + 60 })],
    ['a numeric jti (PyJWT 2 wants a str)', async (refresh: string) => backend().signToken({ ...claimsOf(refresh), jti: 7 })],
  ])('refuses %s: 401 "Token is invalid"', async (_case, make) => {
    const pair = await login()
    const token = await make(pair.refresh)
    const response = await raw('POST', '/token/refresh/', { data: { refresh: token } })
    expect(response.status).toBe(401)
    expect(response.data).toEqual(tokenNotValid('Token is invalid'))
    expect(response.headers['www-authenticate']).toBe(WWW_AUTHENTICATE)
  })

  it('refuses an expired token (its signature checks out): 401 "Token is expired"', async () => {
    const pair = await login()
    now = START + 86_400_000
    const response = await raw('POST', '/token/refresh/', { data: { refresh: pair.refresh } })
    expect([response.status, response.data]).toEqual([401, tokenNotValid('Token is expired')])
    // An expired token whose iat lies ahead is refused for its iat first (PyJWT checks iat before exp).
    const ahead = await backend().signToken({ ...claimsOf(pair.refresh), iat: seconds(now) + 60 })
    expect((await raw('POST', '/token/refresh/', { data: { refresh: ahead } })).data).toEqual(tokenNotValid('Token is invalid'))
  })

  it('refuses a refresh token whose user does not exist as no active account (stock simplejwt 5.5 looks the user up unguarded: 500)', async () => {
    const ghost = await backend().signToken({ token_type: 'refresh', exp: seconds(START) + 60, iat: seconds(START), jti: newJti(), user_id: 99 })
    const response = await raw('POST', '/token/refresh/', { data: { refresh: ghost } })
    expect([response.status, response.data]).toEqual([401, { detail: 'No active account found for the given token.', code: 'no_active_account' }])
    // A falsy user_id is not looked up at all.
    const nobody = await backend().signToken({ token_type: 'refresh', exp: seconds(START) + 60, iat: seconds(START), jti: newJti(), user_id: 0 })
    await expect(refreshToken(nobody)).resolves.toHaveProperty('access')
  })

  it('still accepts a refresh token one second before its exp', async () => {
    const pair = await login()
    now = START + 86_399_000 - 250
    await expect(refreshToken(pair.refresh)).resolves.toHaveProperty('access')
  })

  it('answers 400 when the field is missing', async () => {
    const response = await raw('POST', '/token/refresh/', { data: {} })
    expect(response.status).toBe(400)
    expect(response.data).toEqual({ refresh: ['This field is required.'] })
  })

  it('ignores an expired Authorization header', async () => {
    const pair = await login()
    now = START + 400_000
    await expect(refreshToken(pair.refresh, withToken(pair.access))).resolves.toHaveProperty('access')
  })

  describe('with rotation on', () => {
    beforeEach(() => {
      backend().settings.rotate = true
    })

    it('answers {access, refresh} and blacklists the old refresh token at once (contract fact 2)', async () => {
      const pair = await login()
      now = START + 60_000
      const rotated = await refreshToken(pair.refresh)
      expect(Object.keys(rotated)).toEqual(['access', 'refresh'])
      const claims = claimsOf(rotated.refresh as string)
      expect(claims).toMatchObject({ token_type: 'refresh', iat: seconds(now), exp: seconds(now) + 86_400, user_id: '1', sid: claimsOf(pair.refresh).sid })
      expect(claims.jti).not.toBe(claimsOf(pair.refresh).jti)
      // simplejwt's table says so at once; the session still gives it its successor for the grace window (sessions.test.ts).
      expect(await raw('POST', '/token/verify/', { data: { token: pair.refresh } })).toMatchObject({ status: 400, data: { non_field_errors: ['Token is blacklisted'] } })
      now += 30_000
      await expect(refreshToken(pair.refresh)).rejects.toMatchObject({ status: 401, detail: 'Token is blacklisted', code: 'token_not_valid' })
    })

    it('two parallel refreshes with the same token: one consumes it, the other gets the same successor (grace window)', async () => {
      const pair = await login()
      const [first, second] = await Promise.all([refreshToken(pair.refresh), refreshToken(pair.refresh)])
      expect(second?.refresh).toBe(first?.refresh)
      expect(second?.access).not.toBe(first?.access)
    })

    it('lets exactly one of two parallel refreshes with the same token win without a grace window; the other is a replay', async () => {
      backend().settings.graceSeconds = 0
      const pair = await login()
      const results = await Promise.allSettled([refreshToken(pair.refresh), refreshToken(pair.refresh)])
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
      const loser = results.find((result) => result.status === 'rejected')
      expect(loser?.reason).toMatchObject({ status: 401, detail: 'Token is blacklisted' })
    })

    it('a token without a session (minted) keeps simplejwt’s rotation: exactly one of two parallel refreshes wins', async () => {
      const minted = await backend().signToken({ token_type: 'refresh', exp: seconds(START) + 600, iat: seconds(START), jti: newJti(), user_id: '1' })
      const results = await Promise.allSettled([refreshToken(minted), refreshToken(minted)])
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected'])
      const rotated = results.find((result) => result.status === 'fulfilled')
      expect(Object.keys(claimsOf((rotated as PromiseFulfilledResult<{ refresh?: string }>).value.refresh as string))).toEqual(['token_type', 'exp', 'iat', 'jti', 'user_id'])
    })
  })
})

describe('POST /token/verify/', () => {
  it('answers 200 {} for a valid access or refresh token', async () => {
    const pair = await login()
    await expect(verifyToken(pair.access)).resolves.toBeUndefined()
    await expect(verifyToken(pair.refresh)).resolves.toBeUndefined()
    expect((await raw('POST', '/token/verify/', { data: { token: pair.access } })).data).toEqual({})
  })

  it('refuses garbage ("Token is invalid") and expired tokens ("Token is expired")', async () => {
    const pair = await login()
    await expect(verifyToken('x.y.z')).rejects.toMatchObject({ status: 401, detail: 'Token is invalid', code: 'token_not_valid' })
    now = START + 300_000
    await expect(verifyToken(pair.access)).rejects.toMatchObject({ status: 401, detail: 'Token is expired' })
    await expect(verifyToken(pair.refresh)).resolves.toBeUndefined()
  })

  it('answers 400 when the field is missing', async () => {
    const response = await raw('POST', '/token/verify/', { data: { refresh: 'x' } })
    expect(response.status).toBe(400)
    expect(response.data).toEqual({ token: ['This field is required.'] })
  })
})

describe('POST /token/blacklist/', () => {
  it('answers 200 {} and the refresh token is refused afterwards, by refresh and blacklist alike', async () => {
    const pair = await login()
    const response = await raw('POST', '/token/blacklist/', { data: { refresh: pair.refresh } })
    expect(response.status).toBe(200)
    expect(response.data).toEqual({})
    const refused = await raw('POST', '/token/refresh/', { data: { refresh: pair.refresh } })
    expect(refused.status).toBe(401)
    expect(refused.data).toEqual(tokenNotValid('Token is blacklisted'))
    await expect(blacklistToken(pair.refresh)).rejects.toMatchObject({ status: 401, detail: 'Token is blacklisted' })
  })

  it('ends the session: its access tokens are refused at once, by every endpoint and by verify', async () => {
    const pair = await login()
    await blacklistToken(pair.refresh)
    await expect(getMe(pair.auth)).rejects.toMatchObject({ status: 401, code: 'token_not_valid' })
    await expect(verifyToken(pair.access)).rejects.toMatchObject({ status: 401, detail: 'Token is invalid' })
  })

  it('revokes a refresh token without a session only: an access token without one works until its exp (contract fact 3)', async () => {
    const minted = await backend().signToken({ token_type: 'refresh', exp: seconds(START) + 600, iat: seconds(START), jti: newJti(), user_id: '1' })
    const access = await backend().signToken({ token_type: 'access', exp: seconds(START) + 300, iat: seconds(START), jti: newJti(), user_id: '1' })
    await blacklistToken(minted)
    await expect(refreshToken(minted)).rejects.toMatchObject({ status: 401, detail: 'Token is blacklisted' })
    await expect(getMe(withToken(access))).resolves.toEqual({ id: 1, username: 'demo' })
  })

  it('refuses an access token, garbage and a missing field like refresh does', async () => {
    const pair = await login()
    await expect(blacklistToken(pair.access)).rejects.toMatchObject({ status: 401, detail: 'Token has wrong type' })
    await expect(blacklistToken('garbage')).rejects.toMatchObject({ status: 401, detail: 'Token is invalid' })
    const missing = await raw('POST', '/token/blacklist/', { data: {} })
    expect(missing.data).toEqual({ refresh: ['This field is required.'] })
  })

  it('refuses a well-signed refresh token with no jti as "Token has no id" everywhere (stock: BlacklistMixin’s KeyError, 500)', async () => {
    const token = await backend().signToken({ token_type: 'refresh', exp: seconds(START) + 60, iat: seconds(START), user_id: 1 })
    for (const path of ['/token/blacklist/', '/token/refresh/']) {
      const response = await raw('POST', path, { data: { refresh: token } })
      expect([response.status, response.data]).toEqual([401, { detail: 'Token has no id', code: 'token_not_valid' }])
    }
    await expect(verifyToken(token)).rejects.toMatchObject({ status: 401, detail: 'Token has no id' })
    const typeless = await backend().signToken({ exp: seconds(START) + 60, jti: newJti(), user_id: 1 })
    await expect(refreshToken(typeless)).rejects.toMatchObject({ status: 401, detail: 'Token has no type' })
  })
})

describe('tokens made by the test helpers', () => {
  it('issueTokens() gives the same tokens as POST /token/', async () => {
    const pair = await backend().issueTokens(2)
    expect(headerOf(pair.access)).toEqual({ alg: 'HS256', typ: 'JWT' })
    await expect(getMe(withToken(pair.access))).resolves.toEqual({ id: 2, username: 'admin' })
    await expect(refreshToken(pair.refresh)).resolves.toHaveProperty('access')
  })
})
