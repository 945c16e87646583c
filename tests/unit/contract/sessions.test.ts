/**
 * Contract (mock): sessions the server knows (server/accounts/services.py, packages/mock/src/sessions.ts), with the server's
 * defaults (rotation on, a 30 s grace window, 30-day sessions). A login starts a session named by `sid`; a refresh
 * consumes the current token; the token spent last gets the same successor within the window; any other token of
 * the session ends it (reuse); no token outlives the session; GET/DELETE /me/sessions/ list and sign out devices.
 * The same rules run against Django in tests/differential/sessions.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { blacklistToken, verifyToken } from '@/api/auth'
import { getMe } from '@/api/me'
import { newJti } from '../../../packages/mock/src/jwt'
import { DEVICE_RULES as EMBEDDED_DEVICE_RULES } from '../../../packages/mock/src/data/deviceRules'
import { deviceLabel } from '../../../packages/mock/src/devices'
import DEVICE_RULES from '../../../server/accounts/device_rules.json'
import { useMockBackend } from '../../support/mock-backend'
import { ADMIN, DEMO, claimsOf, invalidAccessBody, raw, tokenNotValid, withToken } from './helpers'

const START = Date.UTC(2026, 10, 23, 12, 0, 0, 250)
let now = START
const backend = useMockBackend({ now: () => now })
beforeEach(() => {
  now = START
})

type Pair = { access: string; refresh: string }

const CHROME_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const EDGE_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0'
const FIREFOX_ON_ANDROID = 'Mozilla/5.0 (Android 14; Mobile; rv:132.0) Gecko/132.0 Firefox/132.0'

const BLACKLISTED = tokenNotValid('Token is blacklisted')
const EXPIRED = tokenNotValid('Token is expired')
const REFUSED = invalidAccessBody('Token is invalid')
const seconds = (ms: number) => Math.floor(ms / 1000)
const jwt = (access: string) => ({ Authorization: `JWT ${access}` })

async function loginFrom(userAgent: string, account = DEMO): Promise<Pair> {
  const response = await raw('POST', '/token/', { data: account, headers: { 'User-Agent': userAgent } })
  expect(response.status).toBe(200)
  return response.data as Pair
}

function refresh(token: string) {
  return raw('POST', '/token/refresh/', { data: { refresh: token } })
}

async function rotate(token: string): Promise<Pair> {
  const response = await refresh(token)
  expect([response.status, Object.keys(response.data as object)]).toEqual([200, ['access', 'refresh']])
  return response.data as Pair
}

function sessions(access: string, language = 'en') {
  return raw('GET', '/me/sessions/', { headers: { ...jwt(access), 'Accept-Language': language } })
}

function sessionOf(token: string) {
  const session = backend().snapshot().sessions.find((candidate) => candidate.id === claimsOf(token).sid)
  if (!session) throw new Error('no such session')
  return session
}

/** Refused everywhere a forged token is, verify included. */
async function expectAccessRefused(access: string): Promise<void> {
  for (const path of ['/me/', '/orders/', '/me/sessions/']) {
    expect(await raw('GET', path, { headers: jwt(access) })).toMatchObject({ status: 401, data: REFUSED })
  }
  await expect(verifyToken(access)).rejects.toMatchObject({ status: 401, detail: 'Token is invalid', code: 'token_not_valid' })
}

describe('a login', () => {
  it('starts a session named by sid in both tokens, after token_version; the refresh token is outstanding', async () => {
    const pair = await loginFrom(CHROME_ON_LINUX)
    const sid = claimsOf(pair.refresh).sid as string
    expect(sid).toMatch(/^[A-Za-z0-9_-]{22}$/)
    for (const [kind, token] of [['refresh', pair.refresh], ['access', pair.access]] as const) {
      expect(Object.keys(claimsOf(token))).toEqual(['token_type', 'exp', 'iat', 'jti', 'user_id', 'token_version', 'sid'])
      expect(claimsOf(token)).toMatchObject({ token_type: kind, user_id: '1', token_version: 0, sid })
    }
    expect(sessionOf(pair.refresh)).toEqual({
      id: sid,
      userId: 1,
      userAgent: CHROME_ON_LINUX,
      createdMicros: START * 1000,
      lastUsedMicros: START * 1000,
      expiresMicros: (START + 30 * 86_400_000) * 1000,
      endedMicros: null,
      endReason: '',
      refreshJti: claimsOf(pair.refresh).jti,
      refreshToken: pair.refresh,
      spentJti: '',
      spentMicros: null,
    })
    expect(backend().snapshot().outstanding).toEqual([{ jti: claimsOf(pair.refresh).jti, userId: 1, exp: seconds(START) + 86_400 }])
  })

  it('each login is its own session; the User-Agent is kept to 512 characters, none is ""', async () => {
    const long = `${'x'.repeat(600)}`
    const a = await loginFrom(long)
    const b = (await raw('POST', '/token/', { data: DEMO })).data as Pair
    expect(claimsOf(a.refresh).sid).not.toBe(claimsOf(b.refresh).sid)
    expect(sessionOf(a.refresh).userAgent).toBe('x'.repeat(512))
    expect(sessionOf(b.refresh).userAgent).toBe('')
    // Two logins in the same millisecond still differ in created_at (Django's clock has microseconds).
    expect(sessionOf(b.refresh).createdMicros).toBeGreaterThan(sessionOf(a.refresh).createdMicros)
  })

  it('issueTokens() starts a session too', async () => {
    const pair = await backend().issueTokens(2)
    expect(sessionOf(pair.refresh)).toMatchObject({ userId: 2, userAgent: '' })
    await expect(getMe(withToken(pair.access))).resolves.toEqual({ id: 2, username: 'admin' })
  })
})

describe('GET /me/sessions/', () => {
  it('lists the user’s live sessions newest first, not paginated, this device marked, times as DRF renders them', async () => {
    const phone = await loginFrom(SAFARI_ON_IPHONE)
    now += 1500
    const laptop = await loginFrom(CHROME_ON_LINUX)
    await loginFrom(CHROME_ON_LINUX, ADMIN)
    const response = await sessions(laptop.access)
    expect(response.status).toBe(200)
    expect(response.headers.allow).toBe('GET, HEAD, OPTIONS')
    expect(JSON.stringify(response.data)).toBe(
      JSON.stringify([
        {
          id: claimsOf(laptop.refresh).sid,
          device: 'Chrome on Linux',
          created_at: '2026-11-23T12:00:01.750000Z',
          last_used_at: '2026-11-23T12:00:01.750000Z',
          expires_at: '2026-12-23T12:00:01.750000Z',
          current: true,
        },
        {
          id: claimsOf(phone.refresh).sid,
          device: 'Safari on iOS',
          created_at: '2026-11-23T12:00:00.250000Z',
          last_used_at: '2026-11-23T12:00:00.250000Z',
          expires_at: '2026-12-23T12:00:00.250000Z',
          current: false,
        },
      ]),
    )
    expect(((await sessions(phone.access)).data as Array<{ current: boolean }>).map((item) => item.current)).toEqual([false, true])
  })

  it('labels devices in the reader’s language', async () => {
    await loginFrom('curl/8.5.0')
    await loginFrom(FIREFOX_ON_ANDROID)
    await loginFrom(EDGE_ON_WINDOWS)
    const pair = await loginFrom(CHROME_ON_LINUX)
    const labels = async (language: string) => ((await sessions(pair.access, language)).data as Array<{ device: string }>).map((item) => item.device)
    expect(await labels('en')).toEqual(['Chrome on Linux', 'Edge on Windows', 'Firefox on Android', 'Unknown device'])
    expect(await labels('zh-CN')).toEqual(['Linux 上的 Chrome', 'Windows 上的 Edge', 'Android 上的 Firefox', '未知设备'])
  })

  it('embeds server/accounts/device_rules.json unchanged (packages/mock/scripts/embed-device-rules.mjs)', () => {
    expect({ browsers: EMBEDDED_DEVICE_RULES.browsers, systems: EMBEDDED_DEVICE_RULES.systems }).toEqual({ browsers: DEVICE_RULES.browsers, systems: DEVICE_RULES.systems })
  })

  it('labels by server/accounts/device_rules.json: the first browser and the first system that match, or one of them', () => {
    // A sample for every rule of the shared file, in its order (a new rule needs one here).
    const browsers: Record<string, string> = {
      Edge: 'Edg/131.0',
      Opera: 'OPR/114.0',
      'Samsung Internet': 'SamsungBrowser/25.0',
      Firefox: 'Firefox/132.0',
      Chromium: 'Chromium/131.0',
      Chrome: 'Chrome/131.0',
      Safari: 'Version/17.5 Safari/605.1.15',
    }
    const systems: Record<string, string> = { Windows: 'Windows NT 10.0', Android: 'Android 14', iOS: 'iPhone', ChromeOS: 'CrOS x86_64', macOS: 'Macintosh', Linux: 'X11' }
    expect(Object.keys(browsers)).toEqual(DEVICE_RULES.browsers.map(([name]) => name))
    expect(Object.keys(systems)).toEqual(DEVICE_RULES.systems.map(([name]) => name))
    const en = (userAgent: string) => {
      const label = deviceLabel(userAgent)
      return typeof label === 'string' ? label : label.translate('en')
    }
    for (const [browser, browserSample] of Object.entries(browsers)) {
      for (const [system, systemSample] of Object.entries(systems)) expect(en(`Mozilla/5.0 (${systemSample}) ${browserSample}`)).toBe(`${browser} on ${system}`)
      expect(en(browserSample)).toBe(browser)
    }
    for (const [system, systemSample] of Object.entries(systems)) expect(en(systemSample)).toBe(system)
    // First match wins: Edge and Samsung Internet name Chrome too, Chrome names Safari, Android is Linux.
    expect(en(EDGE_ON_WINDOWS)).toBe('Edge on Windows')
    expect(en('Mozilla/5.0 (Linux; Android 14) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36')).toBe('Samsung Internet on Android')
    expect(en('firefox/132.0')).toBe('Unknown device') // the patterns are case-sensitive
    const unknown = deviceLabel('curl/8.5.0')
    expect(typeof unknown === 'string' ? unknown : unknown.translate('zh-hans')).toBe('未知设备')
  })

  it('needs a login; answers 405 to other methods; a token without a session sees every live session, none current', async () => {
    expect(await raw('GET', '/me/sessions/')).toMatchObject({ status: 401 })
    const pair = await loginFrom(CHROME_ON_LINUX)
    expect(await raw('POST', '/me/sessions/', { headers: jwt(pair.access) })).toMatchObject({ status: 405, data: { detail: 'Method "POST" not allowed.' } })
    const minted = await backend().signToken({ token_type: 'access', exp: seconds(START) + 300, iat: seconds(START), jti: newJti(), user_id: 1 })
    expect((await sessions(minted)).data).toEqual([expect.objectContaining({ id: claimsOf(pair.refresh).sid, current: false })])
    const options = await raw('OPTIONS', '/me/sessions/x/', { headers: jwt(pair.access) })
    expect([options.status, options.headers.allow, (options.data as { name: string }).name]).toEqual([200, 'DELETE, OPTIONS', 'Session Instance'])
  })
})

describe('DELETE /me/sessions/{id}/', () => {
  it('signs a device out at once: 204; its tokens refused; the list and this device unaffected', async () => {
    const laptop = await loginFrom(CHROME_ON_LINUX)
    const phone = await loginFrom(SAFARI_ON_IPHONE)
    const response = await raw('DELETE', `/me/sessions/${claimsOf(phone.refresh).sid}/`, { headers: jwt(laptop.access) })
    expect([response.status, response.data]).toEqual([204, ''])
    await expectAccessRefused(phone.access)
    expect(await refresh(phone.refresh)).toMatchObject({ status: 401, data: BLACKLISTED })
    expect(sessionOf(phone.refresh)).toMatchObject({ endReason: 'signed_out', endedMicros: START * 1000 })
    expect(((await sessions(laptop.access)).data as Array<{ id: string }>).map((item) => item.id)).toEqual([claimsOf(laptop.refresh).sid])
    await rotate(laptop.refresh)
  })

  it('answers 404 "No Session matches the given query." for another user’s, an unknown or an ended session', async () => {
    const mine = await loginFrom(CHROME_ON_LINUX)
    const theirs = await loginFrom(CHROME_ON_LINUX, ADMIN)
    const ended = await loginFrom(CHROME_ON_LINUX)
    await blacklistToken(ended.refresh)
    for (const sid of [claimsOf(theirs.refresh).sid, 'unknown', claimsOf(ended.refresh).sid]) {
      const response = await raw('DELETE', `/me/sessions/${sid}/`, { headers: { ...jwt(mine.access), 'Accept-Language': 'zh-CN' } })
      expect([response.status, response.data]).toEqual([404, { detail: 'No Session matches the given query.' }])
    }
    expect(sessionOf(theirs.refresh).endedMicros).toBeNull()
    expect(await raw('DELETE', '/me/sessions/x/')).toMatchObject({ status: 401 })
  })
})

describe('refresh with rotation (the default)', () => {
  it('spends the token: its successor in the same session, the session last used now, simplejwt’s tables in step', async () => {
    const first = await loginFrom(CHROME_ON_LINUX)
    now += 60_000
    const second = await rotate(first.refresh)
    for (const token of [second.access, second.refresh]) expect(claimsOf(token).sid).toBe(claimsOf(first.refresh).sid)
    expect(claimsOf(second.refresh)).toMatchObject({ iat: seconds(now), exp: seconds(now) + 86_400 })
    expect(sessionOf(second.refresh)).toMatchObject({
      refreshJti: claimsOf(second.refresh).jti,
      refreshToken: second.refresh,
      spentJti: claimsOf(first.refresh).jti,
      spentMicros: now * 1000,
      lastUsedMicros: now * 1000,
      createdMicros: START * 1000,
    })
    const { outstanding, blacklist } = backend().snapshot()
    expect(outstanding.map((entry) => entry.jti)).toEqual([claimsOf(first.refresh).jti, claimsOf(second.refresh).jti])
    expect(blacklist.map((entry) => entry.jti)).toEqual([claimsOf(first.refresh).jti])
    expect(await raw('POST', '/token/verify/', { data: { token: first.refresh } })).toMatchObject({ status: 400, data: { non_field_errors: ['Token is blacklisted'] } })
    await expect(getMe(withToken(second.access))).resolves.toEqual({ id: 1, username: 'demo' })
    await rotate(second.refresh)
  })

  it('gives the spent token, within the grace window, the same successor and a new access token made from it', async () => {
    const first = await loginFrom(CHROME_ON_LINUX)
    const second = await rotate(first.refresh)
    now += 29_999
    const again = await rotate(first.refresh)
    expect(again.refresh).toBe(second.refresh)
    expect(again.access).not.toBe(second.access)
    expect(claimsOf(again.access)).toMatchObject({ iat: seconds(now), exp: seconds(now) + 300, sid: claimsOf(first.refresh).sid })
    expect(sessionOf(first.refresh).lastUsedMicros).toBe(START * 1000) // a repeat is no new use
    await expect(getMe(withToken(again.access))).resolves.toHaveProperty('id', 1)
    // The family never forked: the successor is still the one current token.
    await rotate(second.refresh)
  })

  it('ends the whole session when the spent token comes back after the window (reuse): owner and thief alike are refused', async () => {
    const first = await loginFrom(CHROME_ON_LINUX)
    const other = await loginFrom(SAFARI_ON_IPHONE)
    const second = await rotate(first.refresh)
    now += 30_000
    expect(await refresh(first.refresh)).toMatchObject({ status: 401, data: BLACKLISTED })
    expect(sessionOf(first.refresh)).toMatchObject({ endReason: 'reuse', endedMicros: now * 1000 })
    expect(await refresh(second.refresh)).toMatchObject({ status: 401, data: BLACKLISTED })
    await expectAccessRefused(second.access)
    await expectAccessRefused(first.access)
    // The current token of the ended session is blacklisted too, as simplejwt's verify sees.
    expect(await raw('POST', '/token/verify/', { data: { token: second.refresh } })).toMatchObject({ status: 400 })
    await expect(getMe(withToken(other.access))).resolves.toHaveProperty('id', 1)
    await rotate(other.refresh)
  })

  it('ends the session when an older ancestor comes back, however soon', async () => {
    const first = await loginFrom(CHROME_ON_LINUX)
    const third = await rotate((await rotate(first.refresh)).refresh)
    expect(await refresh(first.refresh)).toMatchObject({ status: 401, data: BLACKLISTED })
    expect(await refresh(third.refresh)).toMatchObject({ status: 401, data: BLACKLISTED })
    await expectAccessRefused(third.access)
  })

  it('without a grace window (graceSeconds 0) the spent token at once is a replay', async () => {
    backend().settings.graceSeconds = 0
    const first = await loginFrom(CHROME_ON_LINUX)
    const second = await rotate(first.refresh)
    expect(await refresh(first.refresh)).toMatchObject({ status: 401, data: BLACKLISTED })
    expect(await refresh(second.refresh)).toMatchObject({ status: 401, data: BLACKLISTED })
  })

  it('parallel refreshes with one token: one successor for all; without a window one wins and the rest end the session', async () => {
    const first = await loginFrom(CHROME_ON_LINUX)
    const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(first.refresh)))
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200])
    expect(new Set(answers.map((answer) => (answer.data as Pair).refresh)).size).toBe(1)
    expect(new Set(answers.map((answer) => (answer.data as Pair).access)).size).toBe(5)
    backend().settings.graceSeconds = 0
    const next = await loginFrom(CHROME_ON_LINUX)
    const raced = await Promise.all(Array.from({ length: 5 }, () => refresh(next.refresh)))
    expect(raced.map((answer) => answer.status).sort()).toEqual([200, 401, 401, 401, 401])
    expect(sessionOf(next.refresh).endReason).toBe('reuse')
  })

  it('judges a token with a session by its session: one the session never issued is refused; no jti is "Token has no id", not a crash', async () => {
    const pair = await loginFrom(CHROME_ON_LINUX)
    const claims = claimsOf(pair.refresh)
    const stranger = await backend().signToken({ ...claims, jti: newJti() })
    expect(await refresh(stranger)).toMatchObject({ status: 401, data: BLACKLISTED })
    expect(sessionOf(pair.refresh).endReason).toBe('reuse')
    const { jti: _jti, ...withoutJti } = claims
    expect(await refresh(await backend().signToken(withoutJti))).toMatchObject({ status: 401, data: tokenNotValid('Token has no id') })
    // Another user's claim with this session's sid names no session; a user_id that is no integer, or a sid no
    // database takes, is an invalid token (stock simplejwt's query crashed: 500).
    expect(await refresh(await backend().signToken({ ...claims, user_id: '2' }))).toMatchObject({ status: 401, data: BLACKLISTED })
    expect(await refresh(await backend().signToken({ ...claims, user_id: 'abc' }))).toMatchObject({ status: 401, data: tokenNotValid('Token is invalid') })
    expect(await refresh(await backend().signToken({ ...claims, sid: 'a\u0000b' }))).toMatchObject({ status: 401, data: tokenNotValid('Token is invalid') })
    expect(await refresh(await backend().signToken({ ...claims, sid: '\ud800' }))).toMatchObject({ status: 401, data: tokenNotValid('Token is invalid') })
  })
})

describe('the absolute end (sessionMaxSeconds)', () => {
  it('no token outlives the session and no rotation extends it; past it, refresh is refused as expired', async () => {
    backend().settings.sessionMaxSeconds = 120
    const first = await loginFrom(CHROME_ON_LINUX)
    const end = seconds(START) + 120
    expect(sessionOf(first.refresh).expiresMicros).toBe((START + 120_000) * 1000)
    now += 60_000
    const second = await rotate(first.refresh)
    for (const token of [first.access, first.refresh, second.access, second.refresh]) expect(claimsOf(token).exp).toBe(end)
    expect(backend().snapshot().outstanding.map((entry) => entry.exp)).toEqual([end, end])
    now = START + 120_000
    expect(await refresh(second.refresh)).toMatchObject({ status: 401, data: EXPIRED })
    expect((await raw('GET', '/me/', { headers: jwt(second.access) })).status).toBe(401)
  })

  it('a token of the session that would outlive it (minted) is refused as expired once the session has ended', async () => {
    backend().settings.sessionMaxSeconds = 120
    const pair = await loginFrom(CHROME_ON_LINUX)
    const late = await backend().signToken({ ...claimsOf(pair.refresh), exp: seconds(START) + 3600 })
    const lateAccess = await backend().signToken({ ...claimsOf(pair.access), exp: seconds(START) + 3600 })
    now = START + 121_000
    expect(await refresh(late)).toMatchObject({ status: 401, data: EXPIRED })
    expect(await raw('POST', '/token/blacklist/', { data: { refresh: late } })).toMatchObject({ status: 401, data: EXPIRED })
    await expectAccessRefused(lateAccess)
    expect((await sessions(await backend().signToken({ token_type: 'access', exp: seconds(now) + 60, iat: seconds(now), jti: newJti(), user_id: 1 }))).data).toEqual([])
  })
})

describe('logout (POST /token/blacklist/)', () => {
  it('ends the session, its access tokens included; then refresh and logout are refused', async () => {
    const pair = await loginFrom(CHROME_ON_LINUX)
    const other = await loginFrom(CHROME_ON_LINUX)
    expect(await raw('POST', '/token/blacklist/', { data: { refresh: pair.refresh } })).toMatchObject({ status: 200, data: {} })
    expect(sessionOf(pair.refresh).endReason).toBe('logout')
    await expectAccessRefused(pair.access)
    expect(await refresh(pair.refresh)).toMatchObject({ status: 401, data: BLACKLISTED })
    expect(await raw('POST', '/token/blacklist/', { data: { refresh: pair.refresh } })).toMatchObject({ status: 401, data: BLACKLISTED })
    await expect(getMe(withToken(other.access))).resolves.toHaveProperty('id', 1)
  })

  it('with the token spent last, within the window, logs out; with an older one, ends the session as reuse (401)', async () => {
    const first = await loginFrom(CHROME_ON_LINUX)
    const second = await rotate(first.refresh)
    expect(await raw('POST', '/token/blacklist/', { data: { refresh: first.refresh } })).toMatchObject({ status: 200, data: {} })
    expect(sessionOf(first.refresh).endReason).toBe('logout')
    await expectAccessRefused(second.access)
    const next = await loginFrom(CHROME_ON_LINUX)
    const third = await rotate((await rotate(next.refresh)).refresh)
    expect(await raw('POST', '/token/blacklist/', { data: { refresh: next.refresh } })).toMatchObject({ status: 401, data: BLACKLISTED })
    expect(sessionOf(next.refresh).endReason).toBe('reuse')
    await expectAccessRefused(third.access)
  })
})

describe('log out everywhere and a password change', () => {
  it('log out everywhere ends every session of the user (everywhere), no one else’s', async () => {
    const a = await loginFrom(CHROME_ON_LINUX)
    const b = await loginFrom(SAFARI_ON_IPHONE)
    const admin = await loginFrom(CHROME_ON_LINUX, ADMIN)
    expect((await raw('POST', '/me/logout-all/', { headers: jwt(a.access) })).status).toBe(204)
    for (const pair of [a, b]) {
      await expectAccessRefused(pair.access)
      expect(await refresh(pair.refresh)).toMatchObject({ status: 401, data: BLACKLISTED })
      expect(sessionOf(pair.refresh).endReason).toBe('everywhere')
    }
    expect(sessionOf(admin.refresh).endedMicros).toBeNull()
  })

  it('a password change ends every session (password) and starts one for the device that asked: {access, refresh}', async () => {
    const a = await loginFrom(CHROME_ON_LINUX)
    const b = await loginFrom(CHROME_ON_LINUX)
    const response = await raw('POST', '/me/password/', {
      headers: { ...jwt(b.access), 'User-Agent': SAFARI_ON_IPHONE },
      data: { old_password: DEMO.password, new_password: 'kettle-violet-42' },
    })
    expect([response.status, Object.keys(response.data as object)]).toEqual([200, ['access', 'refresh']])
    const pair = response.data as Pair
    for (const old of [a, b]) {
      await expectAccessRefused(old.access)
      expect(sessionOf(old.refresh).endReason).toBe('password')
    }
    expect(claimsOf(pair.access)).toMatchObject({ token_version: 1, sid: claimsOf(pair.refresh).sid })
    expect(((await sessions(pair.access)).data as Array<{ device: string; current: boolean }>).map(({ device, current }) => [device, current])).toEqual([
      ['Safari on iOS', true],
    ])
    await rotate(pair.refresh)
  })
})

describe('rotation off (rotate: false, the server’s ROTATE=0)', () => {
  it('the session’s one refresh token gives {access} until logout; any other token of the session is refused without ending it', async () => {
    backend().settings.rotate = false
    const pair = await loginFrom(CHROME_ON_LINUX)
    now += 10_000
    const first = await refresh(pair.refresh)
    expect([first.status, Object.keys(first.data as object)]).toEqual([200, ['access']])
    expect(claimsOf((first.data as Pair).access).sid).toBe(claimsOf(pair.refresh).sid)
    expect(sessionOf(pair.refresh).lastUsedMicros).toBe(now * 1000)
    const stranger = await backend().signToken({ ...claimsOf(pair.refresh), jti: newJti() })
    expect(await refresh(stranger)).toMatchObject({ status: 401, data: BLACKLISTED })
    expect(sessionOf(pair.refresh).endedMicros).toBeNull()
    expect((await refresh(pair.refresh)).status).toBe(200)
    // Verify looks at no blacklist without BLACKLIST_AFTER_ROTATION: a logged-out refresh token still verifies.
    expect(await raw('POST', '/token/blacklist/', { data: { refresh: pair.refresh } })).toMatchObject({ status: 200 })
    expect(await refresh(pair.refresh)).toMatchObject({ status: 401, data: BLACKLISTED })
    await expect(verifyToken(pair.refresh)).resolves.toBeUndefined()
    await expectAccessRefused((first.data as Pair).access)
  })
})

describe('authentication with a session’s access token', () => {
  it('refuses one naming another user’s session, or a session that ended, like a forged token; so a bad user_id (stock: the query’s 500)', async () => {
    const demo = await loginFrom(CHROME_ON_LINUX)
    const admin = await loginFrom(CHROME_ON_LINUX, ADMIN)
    const crossed = await backend().signToken({ ...claimsOf(demo.access), sid: claimsOf(admin.refresh).sid })
    await expectAccessRefused(crossed)
    const broken = await backend().signToken({ ...claimsOf(demo.access), user_id: 'abc' })
    await expectAccessRefused(broken)
  })

  it('purges sessions that ended a day ago at the next login; their tokens are refused all the same', async () => {
    const old = await loginFrom(CHROME_ON_LINUX)
    await blacklistToken(old.refresh)
    now += 86_400_000 + 1000
    await loginFrom(CHROME_ON_LINUX)
    expect(backend().snapshot().sessions.map((session) => session.id)).not.toContain(claimsOf(old.refresh).sid)
    expect(await refresh(old.refresh)).toMatchObject({ status: 401, data: tokenNotValid('Token is expired') })
    const late = await backend().signToken({ ...claimsOf(old.refresh), exp: seconds(now) + 60 })
    expect(await refresh(late)).toMatchObject({ status: 401, data: BLACKLISTED })
  })
})
