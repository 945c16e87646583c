/** Contract: the mock in the simplejwt-sliding dialect answers as ../shared/api-contract-sliding.md measured. */
import { beforeEach, describe, expect, it } from 'vitest'
import { useMockBackend } from '../../support/mock-backend'
import { DEMO, NOT_PROVIDED, WWW_AUTHENTICATE, claimsOf, jsonPart, raw, tokenNotValid } from './helpers'

const START = Date.UTC(2026, 10, 23, 12, 0, 0, 250)
let now = START
const backend = useMockBackend({ dialect: 'simplejwt-sliding', now: () => now })
beforeEach(() => {
  now = START
})
const seconds = (ms: number) => Math.floor(ms / 1000)

async function obtain(): Promise<string> {
  const response = await raw('POST', '/token/', { data: DEMO })
  expect(response.status).toBe(200)
  return (response.data as { token: string }).token
}
const me = (token: string, scheme = 'JWT') => raw('GET', '/me/', { headers: { Authorization: `${scheme} ${token}` } })
const slide = (token: string) => raw('POST', '/token/refresh/', { data: { token } })

describe('sliding tokens: obtain', () => {
  it('answers 200 {token}: claims token_type, exp, iat, jti, refresh_exp, user_id, token_version in that order', async () => {
    const response = await raw('POST', '/token/', { data: DEMO })
    expect(Object.keys(response.data as object)).toEqual(['token'])
    const token = (response.data as { token: string }).token
    expect(jsonPart(token, 0)).toBe('{"alg":"HS256","typ":"JWT"}')
    expect(Object.keys(claimsOf(token))).toEqual(['token_type', 'exp', 'iat', 'jti', 'refresh_exp', 'user_id', 'token_version'])
    expect(claimsOf(token)).toMatchObject({ token_type: 'sliding', iat: seconds(START), exp: seconds(START) + 300, refresh_exp: seconds(START) + 86_400, user_id: '1', token_version: 0 })
  })

  it('refuses a wrong password with 401 and WWW-Authenticate; missing fields with 400', async () => {
    const wrong = await raw('POST', '/token/', { data: { username: 'demo', password: 'wrong' } })
    expect([wrong.status, wrong.data, wrong.headers['www-authenticate']]).toEqual([401, { detail: 'No active account found with the given credentials' }, WWW_AUTHENTICATE])
    const missing = await raw('POST', '/token/', { data: {} })
    expect([missing.status, missing.data]).toEqual([400, { username: ['This field is required.'], password: ['This field is required.'] }])
  })

  it('has no blacklist endpoint (404 HTML)', async () => {
    const response = await raw('POST', '/token/blacklist/', { data: { refresh: await obtain() } })
    expect(response.status).toBe(404)
    expect(response.headers['content-type']).toContain('text/html')
  })
})

describe('sliding tokens: slide and authenticate', () => {
  it('slides to a new exp and iat, keeping jti and refresh_exp; the old token still works (nothing revoked)', async () => {
    const token = await obtain()
    now = START + 2000
    const response = await slide(token)
    expect(response.status).toBe(200)
    const slid = (response.data as { token: string }).token
    expect(claimsOf(slid)).toEqual({ ...claimsOf(token), exp: seconds(now) + 300, iat: seconds(now) })
    expect((await me(token)).status).toBe(200)
    expect((await slide(token)).status).toBe(200)
  })

  it('takes the field "token": with "refresh" it is 400 required', async () => {
    const response = await raw('POST', '/token/refresh/', { data: { refresh: await obtain() } })
    expect([response.status, response.data]).toEqual([400, { token: ['This field is required.'] }])
  })

  it('refuses to slide an expired token inside its window: 401 "Token is expired"', async () => {
    const token = await obtain()
    now = START + 300_000
    const response = await slide(token)
    expect([response.status, response.data]).toEqual([401, tokenNotValid('Token is expired')])
  })

  it("after refresh_exp a slide is 401 \"Token 'refresh_exp' claim has expired\", but the token works until its exp", async () => {
    backend().settings.accessSeconds = 3
    backend().settings.refreshSeconds = 6
    let token = await obtain()
    for (const at of [1100, 3100, 4100]) {
      now = START + at
      token = ((await slide(token)).data as { token: string }).token
    }
    now = START + 6100
    expect((await slide(token)).data).toEqual(tokenNotValid("Token 'refresh_exp' claim has expired"))
    expect((await me(token)).status).toBe(200)
    now = START + 7100
    expect((await me(token)).status).toBe(401)
  })

  it('accepts JWT and Bearer (case-sensitive), and refuses a pair token with SlidingToken "Token has wrong type"', async () => {
    const token = await obtain()
    expect((await me(token, 'Bearer')).status).toBe(200)
    expect((await me(token, 'jwt')).data).toEqual(NOT_PROVIDED)
    const pair = await backend().issueTokens(1)
    expect((await me(pair.access)).data).toEqual({
      detail: 'Given token not valid for any token type',
      code: 'token_not_valid',
      messages: [{ token_class: 'SlidingToken', token_type: 'sliding', message: 'Token has wrong type' }],
    })
  })

  it('refuses a token without jti (a drf-jwt token) as "Token has no id", on /me/ and on refresh (stock: a KeyError, 500)', async () => {
    const foreign = await backend().signToken({ user_id: 1, username: 'demo', exp: seconds(START) + 300, email: '', orig_iat: seconds(START) })
    expect(await me(foreign)).toMatchObject({
      status: 401,
      data: { code: 'token_not_valid', messages: [{ token_class: 'SlidingToken', token_type: 'sliding', message: 'Token has no id' }] },
    })
    expect(await slide(foreign)).toMatchObject({ status: 401, data: { detail: 'Token has no id', code: 'token_not_valid' } })
  })

  it('refuses a refresh_exp of the wrong type or size as an invalid token (stock: datetime_from_epoch’s 500)', async () => {
    const claims = { token_type: 'sliding', exp: seconds(START) + 300, iat: seconds(START), jti: 'j1', user_id: '1' }
    for (const refreshExp of ['abc', null, [1], 2 ** 64, 1e308]) {
      const token = await backend().signToken({ ...claims, refresh_exp: refreshExp })
      expect(await slide(token)).toMatchObject({ status: 401, data: { detail: 'Token is invalid', code: 'token_not_valid' } })
    }
  })

  it('"log out everywhere" blacklists every outstanding sliding token: refused by /me/ and by a slide', async () => {
    const token = await obtain()
    const other = await obtain()
    expect((await raw('POST', '/me/logout-all/', { headers: { Authorization: `JWT ${other}` } })).status).toBe(204)
    expect((await me(token)).data).toEqual({
      detail: 'Given token not valid for any token type',
      code: 'token_not_valid',
      messages: [{ token_class: 'SlidingToken', token_type: 'sliding', message: 'Token is blacklisted' }],
    })
    expect((await slide(token)).data).toEqual(tokenNotValid('Token is blacklisted'))
    // One the server never issued (so never blacklisted) is refused by the version check instead.
    const minted = await backend().signToken({ ...claimsOf(token), jti: 'c'.repeat(32) })
    expect((await me(minted)).data).toMatchObject({ messages: [{ message: 'Token is invalid' }] })
    expect((await slide(minted)).status).toBe(200)
  })

  it('verify answers 200 {}; after "log out everywhere" it refuses what authentication refuses', async () => {
    const token = await obtain()
    const response = await raw('POST', '/token/verify/', { data: { token } })
    expect([response.status, response.data]).toEqual([200, {}])
    const minted = await backend().signToken({ ...claimsOf(token), jti: 'd'.repeat(32) })
    await raw('POST', '/me/logout-all/', { headers: { Authorization: `JWT ${token}` } })
    // With rotation (the default) simplejwt's verify finds the issued token blacklisted; one never issued, of an older version, is invalid.
    expect(await raw('POST', '/token/verify/', { data: { token } })).toMatchObject({ status: 400, data: { non_field_errors: ['Token is blacklisted'] } })
    expect(await raw('POST', '/token/verify/', { data: { token: minted } })).toMatchObject({ status: 401, data: tokenNotValid('Token is invalid') })
    // A new login carries the new version and works.
    expect((await me(await obtain())).status).toBe(200)
  })
})
