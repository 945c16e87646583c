// @vitest-environment node
/**
 * Contract (mock): cookie mode (refreshTransport 'cookie', issue 26's wire contract, /work/cookie-spec.md's rules):
 * the refresh token in the httpOnly `__Host-refresh` cookie with Django's Set-Cookie strings, `remember` per session,
 * `refresh_exp` in the access tokens, the refresh and logout reading the cookie only (clearing it on every refusal),
 * the password change's cookie, and the token views' CSRF check (X-Requested-With, Sec-Fetch-Site, Origin) before
 * anything else. Plain fetch on node: each test has its own origin, so MSW's cookie store (which, like a browser,
 * keeps what a mocked Set-Cookie sets and sends it back) starts empty for it.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { decodeJwt } from 'jose'
import { useMockBackend } from '../../support/mock-backend'
import { DEMO, jsonPart } from './helpers'

const START = Date.UTC(2026, 11, 7, 6, 0, 0, 400)
let now = START
const backend = useMockBackend({ now: () => now, refreshTransport: 'cookie' })
let origin = ''
let site = 0
beforeEach(() => {
  now = START
  origin = `https://site${++site}.test`
})
const later = (seconds: number) => {
  now += seconds * 1000
}
const epoch = (ms: number) => Math.floor(ms / 1000)

const CSRF = { 'X-Requested-With': 'XMLHttpRequest' }
const CLEARING = '__Host-refresh=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Max-Age=0; Path=/; SameSite=Strict; Secure'
const sessionCookie = (token: string) => `__Host-refresh=${token}; HttpOnly; Path=/; SameSite=Strict; Secure`
const persistentCookie = (token: string, maxAge: number, nowMs = now) =>
  `__Host-refresh=${token}; expires=${new Date((epoch(nowMs) + maxAge) * 1000).toUTCString()}; HttpOnly; Max-Age=${maxAge}; Path=/; SameSite=Strict; Secure`
const CSRF_REFUSED = { detail: 'Cross-site request refused.', code: 'csrf_failed' }
const NO_COOKIE = { detail: 'Token is invalid or expired', code: 'token_not_valid' }

interface Answer {
  status: number
  body: unknown
  setCookie: string | null
}

interface PostOptions {
  body?: string | object
  headers?: Record<string, string>
  /** The refresh cookie to send in the Cookie header (else MSW's cookie store sends what it holds). */
  cookie?: string
  csrf?: boolean
}

async function post(path: string, options: PostOptions = {}): Promise<Answer> {
  const { body = {}, headers = {}, cookie, csrf = true } = options
  const response = await fetch(`${origin}/api${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(csrf ? CSRF : {}),
      ...(cookie === undefined ? {} : { Cookie: `__Host-refresh=${cookie}` }),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, body: await response.json(), setCookie: response.headers.get('set-cookie') }
}

/** The refresh token a Set-Cookie header carries. */
function tokenIn(setCookie: string | null): string {
  const match = /^__Host-refresh=([^;]*);/.exec(setCookie ?? '')
  if (!match?.[1]) throw new Error(`no refresh cookie in ${setCookie}`)
  return match[1]
}

const claims = (token: string) => decodeJwt(token) as Record<string, unknown>

async function login(extra: object = {}, options: PostOptions = {}): Promise<{ access: string; refresh: string; setCookie: string }> {
  const answer = await post('/token/', { body: { ...DEMO, ...extra }, ...options })
  expect(answer.status).toBe(200)
  return { access: (answer.body as { access: string }).access, refresh: tokenIn(answer.setCookie), setCookie: answer.setCookie as string }
}

describe('settings', () => {
  it('cookie mode is opt-in: refreshTransport defaults to "body", and csrfTrustedOrigins to none', async () => {
    const { DEFAULT_MOCK_SETTINGS } = await import('@django-jwt/mock')
    expect(DEFAULT_MOCK_SETTINGS).toMatchObject({ refreshTransport: 'body', csrfTrustedOrigins: [] })
    expect(backend().settings).toMatchObject({ refreshTransport: 'cookie', dialect: 'simplejwt' })
  })

  it('reads refreshTransport and csrfTrustedOrigins from a stored override, skipping ill-typed ones', async () => {
    const { parseSettingsOverride } = await import('../../../packages/mock/src/config')
    expect(parseSettingsOverride('{"refreshTransport":"cookie","csrfTrustedOrigins":["https://a.test"]}')).toEqual({
      refreshTransport: 'cookie',
      csrfTrustedOrigins: ['https://a.test'],
    })
    const warn = console.warn
    console.warn = () => {}
    try {
      expect(parseSettingsOverride('{"refreshTransport":"header","csrfTrustedOrigins":"https://a.test"}')).toEqual({})
    } finally {
      console.warn = warn
    }
  })

  it('body mode is unchanged: {refresh, access}, no Set-Cookie, no refresh_exp', async () => {
    backend().settings.refreshTransport = 'body'
    const answer = await post('/token/', { body: DEMO, csrf: false })
    expect(answer.status).toBe(200)
    expect(Object.keys(answer.body as object)).toEqual(['refresh', 'access'])
    expect(answer.setCookie).toBeNull()
    expect(claims((answer.body as { access: string }).access)).not.toHaveProperty('refresh_exp')
  })

  it('only the pair dialect has a cookie mode: the sliding dialect answers as ever', async () => {
    backend().settings.dialect = 'simplejwt-sliding'
    const answer = await post('/token/', { body: DEMO, csrf: false })
    expect(answer.status).toBe(200)
    expect(Object.keys(answer.body as object)).toEqual(['token'])
    expect(answer.setCookie).toBeNull()
  })
})

describe('POST /token/', () => {
  it('answers {access} alone and sets a browser-session cookie (no Max-Age, no expires) without remember', async () => {
    const answer = await post('/token/', { body: DEMO })
    expect(answer.status).toBe(200)
    expect(Object.keys(answer.body as object)).toEqual(['access'])
    const refresh = tokenIn(answer.setCookie)
    expect(answer.setCookie).toBe(sessionCookie(refresh))
    const refreshClaims = claims(refresh)
    expect(refreshClaims).toMatchObject({ token_type: 'refresh', user_id: '1', exp: epoch(START) + 86_400 })
    const session = backend().snapshot().sessions.find((candidate) => candidate.id === refreshClaims.sid)
    expect(session).toMatchObject({ remember: false, refreshToken: refresh })
  })

  it('the access token carries refresh_exp, the cookie token’s exp, as its last claim', async () => {
    const { access, refresh } = await login()
    expect(claims(access)).toMatchObject({ token_type: 'access', refresh_exp: claims(refresh).exp, sid: claims(refresh).sid })
    expect(Object.keys(JSON.parse(jsonPart(access, 1)) as object)).toEqual(['token_type', 'exp', 'iat', 'jti', 'user_id', 'token_version', 'sid', 'refresh_exp'])
  })

  it('remember: true sets a persistent cookie: Max-Age the seconds until the token’s exp, expires Django’s http_date', async () => {
    const { refresh, setCookie } = await login({ remember: true })
    expect(setCookie).toBe(`__Host-refresh=${refresh}; expires=Tue, 08 Dec 2026 06:00:00 GMT; HttpOnly; Max-Age=86400; Path=/; SameSite=Strict; Secure`)
    expect(backend().snapshot().sessions[0]).toMatchObject({ remember: true })
  })

  it('a token capped by the session’s end gets a cookie that ends with it', async () => {
    backend().settings.sessionMaxSeconds = 3600
    const { refresh, setCookie } = await login({ remember: true })
    expect(claims(refresh).exp).toBe(epoch(START) + 3600)
    expect(setCookie).toBe(persistentCookie(refresh, 3600))
  })

  it('remember is a DRF BooleanField: its true and false spellings, default false', async () => {
    for (const value of [true, 1, 'true', 'True', 'YES', 'y', 'on', '1', 't']) {
      const { setCookie } = await login({ remember: value })
      expect(setCookie, JSON.stringify(value)).toContain('Max-Age=86400')
    }
    for (const value of [false, 0, 'false', 'FALSE', 'no', 'n', 'off', '0', 'f']) {
      const { refresh, setCookie } = await login({ remember: value })
      expect(setCookie, JSON.stringify(value)).toBe(sessionCookie(refresh))
    }
  })

  it('refuses a remember that is no boolean (400, field errors in the serializer’s order, nothing counted)', async () => {
    for (const value of ['maybe', '', 2, 0.5, [], {}, 'null']) {
      const answer = await post('/token/', { body: { ...DEMO, remember: value } })
      expect(answer, JSON.stringify(value)).toEqual({ status: 400, body: { remember: ['Must be a valid boolean.'] }, setCookie: null })
    }
    expect(await post('/token/', { body: { ...DEMO, remember: null } })).toEqual({
      status: 400,
      body: { remember: ['This field may not be null.'] },
      setCookie: null,
    })
    const both = await post('/token/', { body: { remember: 'x' } })
    expect(Object.keys(both.body as object)).toEqual(['remember', 'username', 'password'])
    expect(await post('/token/', { body: { ...DEMO, remember: 'x' }, headers: { 'Accept-Language': 'zh-hans' } })).toMatchObject({
      body: { remember: ['必须是有效的布尔值。'] },
    })
    expect(backend().snapshot().lockouts).toEqual({})
  })

  it('a wrong password and the lockout answer as in body mode, with no cookie', async () => {
    backend().settings.loginFailureLimit = 2
    const wrong = await post('/token/', { body: { ...DEMO, password: 'wrong' } })
    expect(wrong).toEqual({ status: 401, body: { detail: 'No active account found with the given credentials' }, setCookie: null })
    await post('/token/', { body: { ...DEMO, password: 'wrong' } })
    const locked = await post('/token/', { body: DEMO })
    expect(locked).toEqual({ status: 429, body: { detail: 'Too many failed attempts. Try again later.', code: 'too_many_attempts', retry_after: 60 }, setCookie: null })
  })
})

describe('POST /token/refresh/', () => {
  it('reads the cookie only (the body is never parsed) and rotates: {access} and the successor’s cookie', async () => {
    const first = await login()
    later(10)
    const answer = await post('/token/refresh/', { cookie: first.refresh, body: '{"refresh": not json' })
    expect(answer.status).toBe(200)
    expect(Object.keys(answer.body as object)).toEqual(['access'])
    const successor = tokenIn(answer.setCookie)
    expect(successor).not.toBe(first.refresh)
    expect(answer.setCookie).toBe(sessionCookie(successor))
    expect(claims(successor)).toMatchObject({ sid: claims(first.refresh).sid, exp: epoch(now) + 86_400 })
    expect(claims((answer.body as { access: string }).access)).toMatchObject({ refresh_exp: claims(successor).exp })
  })

  it('a remembered session’s successors are persistent too', async () => {
    const first = await login({ remember: true })
    later(100)
    const answer = await post('/token/refresh/', { cookie: first.refresh })
    expect(answer.setCookie).toBe(persistentCookie(tokenIn(answer.setCookie), 86_400))
  })

  it('within the grace window the spent token gets the same successor and cookie again; after it, reuse ends the session', async () => {
    const first = await login({ remember: true })
    later(5)
    const rotated = await post('/token/refresh/', { cookie: first.refresh })
    const successor = tokenIn(rotated.setCookie)
    later(10)
    const again = await post('/token/refresh/', { cookie: first.refresh })
    expect(again.status).toBe(200)
    expect(tokenIn(again.setCookie)).toBe(successor)
    expect(again.setCookie).toBe(persistentCookie(successor, Number(claims(successor).exp) - epoch(now)))
    expect(claims((again.body as { access: string }).access)).toMatchObject({ refresh_exp: claims(successor).exp })
    later(30)
    const reuse = await post('/token/refresh/', { cookie: first.refresh })
    expect(reuse).toEqual({ status: 401, body: { detail: 'Token is blacklisted', code: 'token_not_valid' }, setCookie: CLEARING })
    expect(backend().snapshot().sessions[0]).toMatchObject({ endReason: 'reuse' })
    expect(await post('/token/refresh/', { cookie: successor })).toEqual({
      status: 401,
      body: { detail: 'Token is blacklisted', code: 'token_not_valid' },
      setCookie: CLEARING,
    })
  })

  it('without a cookie: 401 with InvalidToken’s default detail and the clearing cookie (en, zh-hans)', async () => {
    expect(await post('/token/refresh/', { body: { refresh: 'ignored' } })).toEqual({ status: 401, body: NO_COOKIE, setCookie: CLEARING })
    expect(await post('/token/refresh/', { cookie: '' })).toEqual({ status: 401, body: NO_COOKIE, setCookie: CLEARING })
    expect(await post('/token/refresh/', { headers: { 'Accept-Language': 'zh-hans' } })).toEqual({
      status: 401,
      body: { detail: '令牌无效或已过期', code: 'token_not_valid' },
      setCookie: CLEARING,
    })
  })

  it('a refused cookie gets body mode’s answer for that token and the clearing cookie', async () => {
    expect(await post('/token/refresh/', { cookie: 'garbage' })).toEqual({ status: 401, body: { detail: 'Token is invalid', code: 'token_not_valid' }, setCookie: CLEARING })
    const { access, refresh } = await login()
    expect(await post('/token/refresh/', { cookie: access })).toEqual({ status: 401, body: { detail: 'Token has wrong type', code: 'token_not_valid' }, setCookie: CLEARING })
    later(86_400)
    expect(await post('/token/refresh/', { cookie: refresh })).toEqual({ status: 401, body: { detail: 'Token is expired', code: 'token_not_valid' }, setCookie: CLEARING })
  })

  it('an ended session’s cookie is refused as blacklisted, and cleared', async () => {
    const { refresh } = await login()
    expect((await post('/token/blacklist/', { cookie: refresh })).status).toBe(200)
    expect(await post('/token/refresh/', { cookie: refresh })).toEqual({ status: 401, body: { detail: 'Token is blacklisted', code: 'token_not_valid' }, setCookie: CLEARING })
  })

  it('without rotation: {access} alone and no Set-Cookie (the cookie stays); refresh_exp is the cookie token’s', async () => {
    backend().settings.rotate = false
    const { refresh } = await login()
    later(60)
    const answer = await post('/token/refresh/', { cookie: refresh })
    expect(answer.status).toBe(200)
    expect(answer.setCookie).toBeNull()
    expect(claims((answer.body as { access: string }).access)).toMatchObject({ refresh_exp: claims(refresh).exp })
  })

  it('a legacy token without a session: simplejwt’s rotation, its successor in a browser-session cookie', async () => {
    const legacy = await backend().signToken({ token_type: 'refresh', exp: epoch(now) + 600, iat: epoch(now), jti: 'legacy-1', user_id: 1, token_version: 0 })
    const answer = await post('/token/refresh/', { cookie: legacy })
    expect(answer.status).toBe(200)
    const successor = tokenIn(answer.setCookie)
    expect(answer.setCookie).toBe(sessionCookie(successor))
    expect(claims((answer.body as { access: string }).access)).toMatchObject({ refresh_exp: claims(successor).exp })
  })
})

describe('POST /token/blacklist/', () => {
  it('ends the cookie’s session: 200 {} and the clearing cookie', async () => {
    const { refresh } = await login({ remember: true })
    expect(await post('/token/blacklist/', { cookie: refresh, body: 'not json' })).toEqual({ status: 200, body: {}, setCookie: CLEARING })
    expect(backend().snapshot().sessions[0]).toMatchObject({ endReason: 'logout' })
  })

  it('without a cookie: 200 {} and the clearing cookie; a refused one: body mode’s refusal and the clearing cookie', async () => {
    expect(await post('/token/blacklist/')).toEqual({ status: 200, body: {}, setCookie: CLEARING })
    expect(await post('/token/blacklist/', { cookie: 'garbage' })).toEqual({ status: 401, body: { detail: 'Token is invalid', code: 'token_not_valid' }, setCookie: CLEARING })
    expect(await post('/token/blacklist/', { cookie: 'garbage', headers: { 'Accept-Language': 'zh-hans' } })).toEqual({
      status: 401,
      body: { detail: '令牌无效', code: 'token_not_valid' },
      setCookie: CLEARING,
    })
  })
})

describe('MSW’s cookie store, as a browser keeps the cookie', () => {
  it('sends back what the login set, follows the rotation, and forgets it once cleared', async () => {
    await login()
    later(5)
    const refreshed = await post('/token/refresh/')
    expect(refreshed.status).toBe(200)
    later(5)
    const again = await post('/token/refresh/')
    expect(again.status).toBe(200)
    expect(tokenIn(again.setCookie)).not.toBe(tokenIn(refreshed.setCookie))
    expect(await post('/token/blacklist/')).toEqual({ status: 200, body: {}, setCookie: CLEARING })
    expect(await post('/token/refresh/')).toEqual({ status: 401, body: NO_COOKIE, setCookie: CLEARING })
  })
})

describe('CSRF on token/, token/refresh/ and token/blacklist/', () => {
  const PATHS = ['/token/', '/token/refresh/', '/token/blacklist/']

  it('refuses a request without X-Requested-With (403 csrf_failed, en and zh-hans), before the body is read', async () => {
    for (const path of PATHS) {
      expect(await post(path, { body: DEMO, csrf: false }), path).toEqual({ status: 403, body: CSRF_REFUSED, setCookie: null })
      expect(await post(path, { body: '{not json', csrf: false }), path).toEqual({ status: 403, body: CSRF_REFUSED, setCookie: null })
      expect(await post(path, { body: DEMO, headers: { 'X-Requested-With': '' } }), path).toMatchObject({ status: 403 })
      expect(await post(path, { csrf: false, headers: { 'Accept-Language': 'zh-hans' } }), path).toEqual({
        status: 403,
        body: { detail: '已拒绝跨站请求。', code: 'csrf_failed' },
        setCookie: null,
      })
    }
  })

  it('changes nothing: no lockout count, no session touched, no cookie set or cleared', async () => {
    backend().settings.loginFailureLimit = 1
    expect((await post('/token/', { body: { ...DEMO, password: 'wrong' }, csrf: false })).status).toBe(403)
    expect(backend().snapshot().lockouts).toEqual({})
    const { refresh } = await login()
    const before = backend().snapshot().sessions
    expect(await post('/token/refresh/', { cookie: refresh, csrf: false })).toEqual({ status: 403, body: CSRF_REFUSED, setCookie: null })
    expect(await post('/token/blacklist/', { cookie: refresh, csrf: false })).toEqual({ status: 403, body: CSRF_REFUSED, setCookie: null })
    expect(backend().snapshot().sessions).toEqual(before)
    expect((await post('/token/refresh/', { cookie: refresh })).status).toBe(200)
  })

  it('Sec-Fetch-Site, when sent, must be same-origin (it decides before Origin)', async () => {
    for (const value of ['cross-site', 'same-site', 'none', 'Same-Origin']) {
      expect(await post('/token/', { body: DEMO, headers: { 'Sec-Fetch-Site': value, Origin: origin } }), value).toEqual({
        status: 403,
        body: CSRF_REFUSED,
        setCookie: null,
      })
    }
    expect((await post('/token/', { body: DEMO, headers: { 'Sec-Fetch-Site': 'same-origin', Origin: 'https://evil.test' } })).status).toBe(200)
  })

  it('else Origin, when sent, must be the request’s own or a trusted one; "null" never is; neither header passes', async () => {
    expect((await post('/token/', { body: DEMO, headers: { Origin: origin } })).status).toBe(200)
    for (const value of ['https://evil.test', 'null', `${origin}:8443`, origin.replace('https:', 'http:')]) {
      expect(await post('/token/', { body: DEMO, headers: { Origin: value } }), value).toEqual({ status: 403, body: CSRF_REFUSED, setCookie: null })
    }
    backend().settings.csrfTrustedOrigins = ['https://app.test']
    expect((await post('/token/', { body: DEMO, headers: { Origin: 'https://app.test' } })).status).toBe(200)
    expect((await post('/token/', { body: DEMO })).status).toBe(200)
  })

  it('token/verify/ and the password change have no CSRF check', async () => {
    const { access } = await login()
    expect((await post('/token/verify/', { body: { token: access }, csrf: false })).status).toBe(200)
  })
})

describe('POST /me/password/', () => {
  const NEW_PASSWORD = 'a-new-passphrase-42'

  async function change(access: string): Promise<Answer> {
    return post('/me/password/', { body: { old_password: DEMO.password, new_password: NEW_PASSWORD }, headers: { Authorization: `JWT ${access}` }, csrf: false })
  }

  it('answers {access} and the new session’s cookie, a browser-session one when the old session was not remembered', async () => {
    const { access } = await login()
    const answer = await change(access)
    expect(answer.status).toBe(200)
    expect(Object.keys(answer.body as object)).toEqual(['access'])
    const refresh = tokenIn(answer.setCookie)
    expect(answer.setCookie).toBe(sessionCookie(refresh))
    expect(claims((answer.body as { access: string }).access)).toMatchObject({ sid: claims(refresh).sid, refresh_exp: claims(refresh).exp })
    expect((await post('/token/refresh/', { cookie: refresh })).status).toBe(200)
  })

  it('a remembered session’s device gets a remembered session and a persistent cookie', async () => {
    const { access } = await login({ remember: true })
    later(30)
    const answer = await change(access)
    expect(answer.setCookie).toBe(persistentCookie(tokenIn(answer.setCookie), 86_400))
    const sid = claims(tokenIn(answer.setCookie)).sid
    expect(backend().snapshot().sessions.find((session) => session.id === sid)).toMatchObject({ remember: true })
  })
})

describe('POST /me/logout-all/', () => {
  it('ends every session, this device’s too: 204 and the clearing cookie', async () => {
    const { access, refresh } = await login()
    const response = await fetch(`${origin}/api/me/logout-all/`, { method: 'POST', headers: { Authorization: `JWT ${access}` } })
    expect(response.status).toBe(204)
    expect(response.headers.get('set-cookie')).toBe(CLEARING)
    expect((await post('/token/refresh/', { cookie: refresh })).status).toBe(401)
  })
})

describe('issueTokens', () => {
  it('gives the cookie’s token and an access token with refresh_exp', async () => {
    const pair = await backend().issueTokens(1)
    expect(claims(pair.access)).toMatchObject({ refresh_exp: claims(pair.refresh).exp })
    expect((await post('/token/refresh/', { cookie: pair.refresh })).status).toBe(200)
  })
})
