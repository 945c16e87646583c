/** Contract: the mock in the drf-jwt dialect answers as ../shared/api-contract-drf-jwt.md measured. */
import { beforeEach, describe, expect, it } from 'vitest'
import { useMockBackend } from '../../support/mock-backend'
import { DEMO, NOT_PROVIDED, WWW_AUTHENTICATE, claimsOf, jsonPart, raw } from './helpers'

const START = Date.UTC(2026, 10, 23, 12, 0, 0, 100)
let now = START
const backend = useMockBackend({ dialect: 'drf-jwt', now: () => now })
beforeEach(() => {
  now = START
})
const seconds = (ms: number) => Math.floor(ms / 1000)

async function obtain(): Promise<string> {
  const response = await raw('POST', '/api-token-auth/', { data: DEMO })
  expect(response.status).toBe(200)
  return (response.data as { token: string }).token
}
const me = (token: string, scheme = 'JWT') => raw('GET', '/me/', { headers: { Authorization: `${scheme} ${token}` } })
const refresh = (token: string) => raw('POST', '/api-token-refresh/', { data: { token } })
const nonField = (message: string) => ({ non_field_errors: [message] })

describe('drf-jwt: obtain', () => {
  it('answers 200 {token}: header typ before alg; claims user_id, username, exp, email, orig_iat; no iat, jti, token_type', async () => {
    const token = await obtain()
    expect(jsonPart(token, 0)).toBe('{"typ":"JWT","alg":"HS256"}')
    expect(Object.keys(claimsOf(token))).toEqual(['user_id', 'username', 'exp', 'email', 'orig_iat'])
    expect(claimsOf(token)).toEqual({ user_id: 1, username: 'demo', exp: seconds(START) + 300, email: '', orig_iat: seconds(START) })
  })

  it('refuses a wrong password or an unknown user with 400 non_field_errors and no WWW-Authenticate', async () => {
    for (const credentials of [{ username: 'demo', password: 'wrong' }, { username: 'nobody', password: 'demo123' }]) {
      const response = await raw('POST', '/api-token-auth/', { data: credentials })
      expect([response.status, response.data]).toEqual([400, nonField('Unable to log in with provided credentials.')])
      expect(response.headers['www-authenticate']).toBeUndefined()
    }
    const blank = await raw('POST', '/api-token-auth/', { data: { username: '', password: '' } })
    expect(blank.data).toEqual({ username: ['This field may not be blank.'], password: ['This field may not be blank.'] })
  })

  it('has none of the simplejwt paths (404 HTML)', async () => {
    expect((await raw('POST', '/token/', { data: DEMO })).status).toBe(404)
  })
})

describe('drf-jwt: refresh, verify and authenticate', () => {
  it('refreshes to a new exp keeping orig_iat; the old token keeps working', async () => {
    const token = await obtain()
    now = START + 1000
    const response = await refresh(token)
    const next = (response.data as { token: string }).token
    expect(claimsOf(next)).toEqual({ ...claimsOf(token), exp: seconds(now) + 300 })
    expect((await me(token)).status).toBe(200)
  })

  it('follows Run B: exp + 1 s refused, 400 on refreshing an expired token, the window in whole seconds', async () => {
    backend().settings.accessSeconds = 3
    backend().settings.refreshSeconds = 6
    const d0 = await obtain()
    now = START + 1100
    const d1 = ((await refresh(d0)).data as { token: string }).token
    now = START + 3100
    expect((await me(d0)).status).toBe(200) // exp reached, but PyJWT refuses only from exp + 1
    now = START + 4100
    expect([(await me(d0)).status, (await me(d0)).data, (await me(d0)).headers['www-authenticate']]).toEqual([401, { detail: 'Signature has expired.' }, WWW_AUTHENTICATE])
    expect((await refresh(d0)).data).toEqual(nonField('Signature has expired.'))
    const d2 = ((await refresh(d1)).data as { token: string }).token
    now = START + 6100
    const d3response = await refresh(d2)
    expect(d3response.status).toBe(200)
    const d3 = (d3response.data as { token: string }).token
    now = START + 7100
    expect([(await refresh(d3)).status, (await refresh(d3)).data]).toEqual([400, nonField('Refresh has expired.')])
    expect((await me(d3)).status).toBe(200)
    expect((await raw('POST', '/api-token-verify/', { data: { token: d3 } })).data).toEqual({ token: d3 })
  })

  it('accepts the JWT prefix in any case and nothing else', async () => {
    const token = await obtain()
    expect((await me(token, 'jwt')).status).toBe(200)
    expect((await me(token, 'Bearer')).data).toEqual(NOT_PROVIDED)
    expect((await raw('GET', '/me/', { headers: { Authorization: 'JWT' } })).data).toEqual({ detail: 'Invalid Authorization header. No credentials provided.' })
    expect((await raw('GET', '/me/', { headers: { Authorization: 'JWT a b' } })).data).toEqual({
      detail: 'Invalid Authorization header. Credentials string should not contain spaces.',
    })
  })

  it('refuses other keys, alg none, simplejwt tokens and unknown users with drf-jwt’s messages (alg none on refresh: stock 500)', async () => {
    const claims = claimsOf(await obtain())
    const otherKey = await backend().signToken(claims, { secret: 'not-the-key' })
    expect((await me(otherKey)).data).toEqual({ detail: 'Error decoding signature.' })
    expect((await refresh(otherKey)).data).toEqual(nonField('Error decoding signature.'))
    const none = await backend().signToken(claims, { alg: 'none' })
    expect((await me(none)).data).toEqual({ detail: 'Incorrect authentication credentials.' })
    expect((await refresh(none)).data).toEqual(nonField('Error decoding signature.'))
    const pair = await backend().issueTokens(1)
    expect((await me(pair.access)).data).toEqual({ detail: 'Invalid payload.' })
    expect((await refresh(pair.access)).data).toEqual(nonField('Invalid payload.'))
    const ghost = await backend().signToken({ ...claims, username: 'ghost' })
    expect((await me(ghost)).data).toEqual({ detail: 'Invalid signature.' })
    expect((await refresh(ghost)).data).toEqual(nonField("User doesn't exist."))
  })

  it('answers 400 {token: required} without the field', async () => {
    expect((await refresh(undefined as unknown as string)).data).toEqual({ token: ['This field is required.'] })
  })

  it('refuses a token with drf-jwt’s own answer when a 401 is injected (failNext), and has no password change', async () => {
    const token = await obtain()
    backend().failNext(401)
    const refused = await me(token)
    expect([refused.status, refused.data, refused.headers['www-authenticate']]).toEqual([401, { detail: 'Error decoding signature.' }, WWW_AUTHENTICATE])
    expect((await me(token)).status).toBe(200)
    const change = await raw('POST', '/me/password/', { headers: { Authorization: `JWT ${token}` }, data: { old_password: 'demo123', new_password: 'x' } })
    expect([change.status, change.headers['content-type']]).toEqual([404, 'text/html'])
  })
})
