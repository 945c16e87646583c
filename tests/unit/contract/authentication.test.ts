/**
 * Contract: how protected endpoints (/me/, /orders/) treat the Authorization header.
 * The API layer sends the header we pass; headers it can't express go through raw() (the `http` instance).
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { getMe } from '@/api/me'
import { listOrders } from '@/api/orders'
import { newJti } from '../../../packages/mock/src/jwt'
import { useMockBackend } from '../../support/mock-backend'
import { BAD_HEADER, NOT_PROVIDED, WWW_AUTHENTICATE, claimsOf, invalidAccessBody, login, raw, withToken } from './helpers'

const START = Date.UTC(2026, 10, 23, 12, 0, 0)
let now = START
const backend = useMockBackend({ now: () => now })
beforeEach(() => {
  now = START
})

describe('a protected endpoint', () => {
  it('accepts the JWT and the Bearer scheme', async () => {
    const { access } = await login()
    await expect(getMe(withToken(access, 'JWT'))).resolves.toEqual({ id: 1, username: 'demo' })
    await expect(getMe(withToken(access, 'Bearer'))).resolves.toEqual({ id: 1, username: 'demo' })
  })

  it('answers 401 "not provided" without an Authorization header (API layer)', async () => {
    await expect(getMe()).rejects.toMatchObject({ kind: 'http', status: 401, detail: NOT_PROVIDED.detail, code: undefined })
    await expect(listOrders()).rejects.toMatchObject({ status: 401, detail: NOT_PROVIDED.detail })
  })

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['an unknown scheme', 'Token abc'],
    ['a lower-case scheme', 'jwt abc'],
  ])('answers 401 "Authentication credentials were not provided." for %s', async (_case, header) => {
    const response = await raw('GET', '/me/', { headers: header === undefined ? {} : { Authorization: header } })
    expect(response.status).toBe(401)
    expect(response.data).toEqual(NOT_PROVIDED)
    expect(response.headers['www-authenticate']).toBe(WWW_AUTHENTICATE)
  })

  it.each([['JWT'], ['JWT a b'], ['Bearer']])('answers 401 bad_authorization_header for "%s"', async (header) => {
    const response = await raw('GET', '/orders/', { headers: { Authorization: header } })
    expect(response.status).toBe(401)
    expect(response.data).toEqual(BAD_HEADER)
    expect(response.headers['www-authenticate']).toBe(WWW_AUTHENTICATE)
  })

  it('tells an expired token ("Token is expired") from a forged one ("Token is invalid"), as simplejwt 5.4+ does', async () => {
    const { access } = await login()
    const forged = await backend().signToken(claimsOf(access), { secret: 'someone-else' })
    now = START + 300_000
    const expired = await raw('GET', '/me/', { headers: { Authorization: `JWT ${access}` } })
    const bad = await raw('GET', '/me/', { headers: { Authorization: `JWT ${forged}` } })
    expect(expired.status).toBe(401)
    expect(expired.data).toEqual(invalidAccessBody('Token is expired'))
    expect(bad.data).toEqual(invalidAccessBody('Token is invalid'))
    expect(expired.headers['www-authenticate']).toBe(WWW_AUTHENTICATE)
  })

  it('accepts the access token until the second before its exp', async () => {
    const { auth } = await login()
    now = START + 299_999
    await expect(getMe(auth)).resolves.toEqual({ id: 1, username: 'demo' })
  })

  it.each([
    ['garbage', async () => 'garbage'],
    ['a changed payload', async (access: string) => {
      const [head, , signature] = access.split('.')
      return `${head}.${Buffer.from(JSON.stringify({ ...claimsOf(access), user_id: 2 })).toString('base64url')}.${signature}`
    }],
    ['alg: none', async (access: string) => backend().signToken(claimsOf(access), { alg: 'none' })],
    ['a bad signature', async (access: string) => `${access.slice(0, -4)}AAAA`],
  ])('answers 401 token_not_valid with messages for %s', async (_case, make) => {
    const { access } = await login()
    const token = await make(access)
    await expect(getMe(withToken(token))).rejects.toMatchObject({
      status: 401,
      detail: 'Given token not valid for any token type',
      code: 'token_not_valid',
    })
    expect((await raw('GET', '/me/', { headers: { Authorization: `JWT ${token}` } })).data).toEqual(invalidAccessBody('Token is invalid'))
  })

  it('refuses a refresh token used as access: "Token has wrong type"', async () => {
    const { refresh } = await login()
    const response = await raw('GET', '/orders/', { headers: { Authorization: `Bearer ${refresh}` } })
    expect(response.status).toBe(401)
    expect(response.data).toEqual(invalidAccessBody('Token has wrong type'))
  })

  it('refuses a valid token of a user that does not exist', async () => {
    const ghost = await backend().signToken({ token_type: 'access', exp: Math.floor(START / 1000) + 60, iat: Math.floor(START / 1000), jti: newJti(), user_id: 99 })
    const response = await raw('GET', '/me/', { headers: { Authorization: `JWT ${ghost}` } })
    expect(response.status).toBe(401)
    expect(response.data).toEqual({ detail: 'User not found', code: 'user_not_found' })
  })

  it('looks the user up as Django does: "2" and 2.5 are user 2; a user_id the lookup can\'t take is an invalid token (stock: 500)', async () => {
    const claims = { token_type: 'access', exp: Math.floor(START / 1000) + 60, iat: Math.floor(START / 1000), jti: newJti() }
    for (const userId of ['2', 2.5, ' 2 ']) {
      await expect(getMe(withToken(await backend().signToken({ ...claims, user_id: userId })))).resolves.toEqual({ id: 2, username: 'admin' })
    }
    for (const userId of ['abc', '2.5', [2], { id: 2 }, 2 ** 64, '9'.repeat(30)]) {
      const refused = await raw('GET', '/me/', { headers: { Authorization: `JWT ${await backend().signToken({ ...claims, user_id: userId })}` } })
      expect([refused.status, refused.data]).toEqual([
        401,
        {
          detail: 'Given token not valid for any token type',
          code: 'token_not_valid',
          messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid' }],
        },
      ])
    }
  })

  it('/me/ names the user of the token', async () => {
    const { auth } = await login({ username: 'admin', password: 'admin123' })
    await expect(getMe(auth)).resolves.toEqual({ id: 2, username: 'admin' })
  })
})
