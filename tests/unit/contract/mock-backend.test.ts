/**
 * The mock backend's own features: injected failures, the call log, reset, the clock, and the
 * localStorage database shared by tabs (two backends on one Storage play two tabs).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { blacklistToken, obtainToken, refreshToken } from '@/api/auth'
import { getMe } from '@/api/me'
import { deleteOrder, getOrder, listOrders } from '@/api/orders'
import { createLocalStorageStorage, createMockBackend } from '@django-jwt/mock'
import { parseSettingsOverride } from '../../../packages/mock/src/config'
import { createConsoleApi, faultFromQuery } from '../../../packages/mock/src/consoleApi'
import { DB_STORAGE_KEY } from '../../../packages/mock/src/db'
import { mockSettingsFromEnv } from '@/mock-backend'
import { useMockBackend } from '../../support/mock-backend'
import { DEMO, claimsOf, login, raw } from './helpers'

const backend = useMockBackend()

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  localStorage.clear()
})

describe('failNext', () => {
  it('403: the DRF permission body, once', async () => {
    const { auth } = await login()
    backend().failNext(403)
    await expect(getMe(auth)).rejects.toMatchObject({ status: 403, detail: 'You do not have permission to perform this action.' })
    await expect(getMe(auth)).resolves.toEqual({ id: 1, username: 'demo' })
  })

  it('404: {"detail":"Not found."}; 500: an HTML page; 401: the token_not_valid body', async () => {
    const { auth } = await login()
    backend().failNext({ kind: 404 })
    await expect(getOrder(1, auth)).rejects.toMatchObject({ kind: 'http', status: 404, detail: 'Not found.' })
    backend().failNext('500')
    await expect(getOrder(1, auth)).rejects.toMatchObject({ kind: 'bad-response', status: 500 })
    backend().failNext(401)
    await expect(getOrder(1, auth)).rejects.toMatchObject({ status: 401, code: 'token_not_valid' })
    expect((await raw('GET', '/me/', { headers: auth.headers as Record<string, string> })).status).toBe(200)
  })

  it('network: the connection drops (ApiError kind "network")', async () => {
    backend().failNext('network')
    await expect(obtainToken(DEMO)).rejects.toMatchObject({ kind: 'network', status: 0 })
    await expect(obtainToken(DEMO)).resolves.toHaveProperty('access')
  })

  it('count and pathContains: only matching requests fail, as many times as asked', async () => {
    const { auth } = await login()
    backend().failNext({ kind: 500, count: 2, pathContains: '/orders/' })
    await expect(getMe(auth)).resolves.toBeDefined()
    await expect(listOrders({}, auth)).rejects.toMatchObject({ status: 500 })
    await expect(listOrders({}, auth)).rejects.toMatchObject({ status: 500 })
    await expect(listOrders({}, auth)).resolves.toHaveProperty('count', 25)
  })

  it('slow: answers normally after the delay', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    backend().failNext({ kind: 'slow', delayMs: 20_000 })
    let settled = false
    const pending = obtainToken(DEMO, { timeout: 0 }).finally(() => {
      settled = true
    })
    await vi.advanceTimersByTimeAsync(19_000)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1_000)
    await expect(pending).resolves.toHaveProperty('access')
  })

  it('lost-answer: the server acts and saves (the token rotates), then the connection drops; the retry within the grace window gets the same successor', async () => {
    const { refresh } = await login()
    backend().failNext({ kind: 'lost-answer', pathContains: '/token/refresh/' })
    await expect(getMe((await login()).auth)).resolves.toBeDefined() // other paths answer
    await expect(refreshToken(refresh)).rejects.toMatchObject({ kind: 'network', status: 0 })
    const sid = claimsOf(refresh).sid
    const session = backend().snapshot().sessions.find((candidate) => candidate.id === sid)
    expect(session?.spentJti).toBe(claimsOf(refresh).jti)
    expect(backend().calls.at(-1)).toMatchObject({ method: 'POST', path: '/api/token/refresh/', status: 200, lost: true })
    const retried = await refreshToken(refresh)
    expect(retried.refresh).toBe(session?.refreshToken)
    expect(backend().calls.at(-1)).not.toHaveProperty('lost')
  })

  it('lost-answer on a failing request loses the failure too; count applies', async () => {
    backend().failNext({ kind: 'lost-answer', count: 2 })
    await expect(obtainToken({ username: 'demo', password: 'wrong' })).rejects.toMatchObject({ kind: 'network' })
    await expect(obtainToken(DEMO)).rejects.toMatchObject({ kind: 'network' })
    expect(backend().calls.map(({ status, lost }) => [status, lost])).toEqual([[401, true], [200, true]])
    // The lost login started a session all the same.
    expect(backend().snapshot().sessions).toHaveLength(1)
    await expect(obtainToken(DEMO)).resolves.toHaveProperty('access')
  })

  it('explains a mistyped fault instead of arming it', () => {
    expect(() => backend().failNext('boom' as never)).toThrow(/Unknown fault "boom": use one of 401, 403, 404, 500, "network", "slow", "lost-answer"/)
    expect(() => backend().failNext({ kind: 500, count: 0 })).toThrow(/count must be a whole number >= 1/)
  })

  it('clearFaults() disarms pending faults', async () => {
    backend().failNext({ kind: 'network', count: 5 })
    backend().clearFaults()
    await expect(obtainToken(DEMO)).resolves.toHaveProperty('access')
  })
})

describe('the call log', () => {
  it('records method, path, query, status and the mock time of every answer, faults included', async () => {
    const { auth } = await login()
    backend().failNext(500)
    await listOrders({ page: 2 }, auth).catch(() => undefined)
    await raw('GET', '/nope/')
    expect(backend().calls.map(({ method, path, query, status }) => ({ method, path, query, status }))).toEqual([
      { method: 'POST', path: '/api/token/', query: '', status: 200 },
      { method: 'GET', path: '/api/orders/', query: '?page=2', status: 500 },
      { method: 'GET', path: '/api/nope/', query: '', status: 404 },
    ])
    expect(backend().calls[0]?.at).toBeTypeOf('number')
    backend().clearCalls()
    expect(backend().calls).toEqual([])
  })
})

describe('reset', () => {
  it('brings the seed data back and a new signing key, so old tokens are refused', async () => {
    const { auth, refresh } = await login()
    await deleteOrder(1, auth)
    backend().reset()
    await expect(refreshToken(refresh)).rejects.toMatchObject({ status: 401, detail: 'Token is invalid' })
    const fresh = await login()
    await expect(getOrder(1, fresh.auth)).resolves.toMatchObject({ id: 1 })
  })
})

describe('the clock', () => {
  it('is settable: a client whose clock is 10 minutes off still gets tokens valid by the server clock', async () => {
    const serverNow = Date.now() - 600_000
    backend().setNow(() => serverNow)
    const { auth, access } = await login()
    expect(JSON.parse(Buffer.from(access.split('.')[1] ?? '', 'base64url').toString()).iat).toBe(Math.floor(serverNow / 1000))
    await expect(getMe(auth)).resolves.toBeDefined()
    backend().setNow(() => serverNow + 300_000)
    await expect(getMe(auth)).rejects.toMatchObject({ status: 401 })
  })
})

describe('the localStorage database shared by tabs', () => {
  function tab() {
    return createMockBackend({ storage: createLocalStorageStorage(localStorage) })
  }

  it('sessions and data are shared: tab B sees A’s rotation and deletion; a logout in B is refused in A', async () => {
    const tabA = tab()
    const tabB = tab()
    backend.server.use(...tabA.handlers)
    const { refresh, auth } = await login()
    await deleteOrder(25, auth)
    const rotated = await refreshToken(refresh)
    backend.server.resetHandlers(...tabB.handlers)
    await expect(getOrder(25, auth)).rejects.toMatchObject({ status: 404 })
    // The token A just spent gets A's successor (the grace window), which B then logs out with.
    await expect(refreshToken(refresh)).resolves.toHaveProperty('refresh', rotated.refresh)
    await blacklistToken(rotated.refresh as string)
    backend.server.resetHandlers(...tabA.handlers)
    await expect(refreshToken(rotated.refresh as string)).rejects.toMatchObject({ status: 401, detail: 'Token is blacklisted' })
    expect(tabB.calls.map((call) => call.path)).toEqual([
      '/api/token/',
      '/api/orders/25/',
      '/api/token/refresh/',
      '/api/orders/25/',
      '/api/token/refresh/',
      '/api/token/blacklist/',
      '/api/token/refresh/',
    ])
    expect(JSON.parse(localStorage.getItem(DB_STORAGE_KEY) ?? '{}').version).toBe(5)
  })

  it('serializes every request on the Web Lock "mock-backend.db" when navigator.locks exists', async () => {
    const request = vi.fn((_name: string, task: () => Promise<unknown>) => task())
    vi.stubGlobal('navigator', { ...navigator, locks: { request } })
    backend.server.use(...tab().handlers)
    await login()
    expect(request).toHaveBeenCalled()
    expect(request.mock.calls.every(([name]) => name === 'mock-backend.db')).toBe(true)
  })

  it('replaces a stored database of an older shape (version 3, no sessions) with the seed', async () => {
    localStorage.setItem(DB_STORAGE_KEY, JSON.stringify({ version: 3, secret: 'x', users: [], orders: [], outstanding: [], blacklist: [], calls: [], faults: [] }))
    backend.server.use(...tab().handlers)
    const { auth } = await login()
    await expect(listOrders({}, auth)).resolves.toHaveProperty('count', 25)
    expect(JSON.parse(localStorage.getItem(DB_STORAGE_KEY) ?? '{}')).toMatchObject({
      version: 5,
      users: [{ username: 'demo', tokenVersion: 0 }, { username: 'admin', tokenVersion: 0 }],
      sessions: [{ userId: 1, endedMicros: null }],
    })
  })

  it('starts from the seed data when the stored database is unreadable', async () => {
    localStorage.setItem(DB_STORAGE_KEY, '{not json')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    backend.server.use(...tab().handlers)
    const { auth } = await login()
    await expect(listOrders({}, auth)).resolves.toHaveProperty('count', 25)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('not readable'))
  })
})

describe('settings', () => {
  it('reads a localStorage override, keeping the good keys and naming the bad ones', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    expect(parseSettingsOverride('{"accessSeconds":3,"rotate":true,"latencyMs":0,"rotat":1,"refreshSeconds":"x","graceSeconds":5,"sessionMaxSeconds":90,"graceSeconds ":1}')).toEqual({
      accessSeconds: 3,
      rotate: true,
      latencyMs: 0,
      graceSeconds: 5,
      sessionMaxSeconds: 90,
    })
    expect(warn).toHaveBeenCalledTimes(3)
    expect(parseSettingsOverride('{"graceSeconds":-1,"sessionMaxSeconds":"60"}')).toEqual({})
    expect(parseSettingsOverride('nope')).toEqual({})
    expect(parseSettingsOverride(null)).toEqual({})
  })

  it('defaults to the server’s: simplejwt pairs, 300 s / 1 day, rotation, a 30 s grace window, 30-day sessions; no latency in node', () => {
    expect(createMockBackend().settings).toEqual({
      dialect: 'simplejwt',
      accessSeconds: 300,
      refreshSeconds: 86_400,
      rotate: true,
      graceSeconds: 30,
      sessionMaxSeconds: 2_592_000,
      latencyMs: 0,
      loginFailureLimit: 10,
      addressFailureLimit: 30,
      loginCooloffSeconds: 60,
      loginCooloffMaxSeconds: 3600,
      loginForgetSeconds: 86_400,
      trustedProxies: [],
      remoteAddress: '127.0.0.1',
      refreshTransport: 'body',
      csrfTrustedOrigins: [],
    })
    expect(createMockBackend({ rotate: false, graceSeconds: 0, sessionMaxSeconds: 60 }).settings).toMatchObject({ rotate: false, graceSeconds: 0, sessionMaxSeconds: 60 })
  })

  it('reads VITE_MOCK_ROTATE (on unless "false" or "0"), VITE_MOCK_GRACE_SECONDS and VITE_MOCK_SESSION_MAX_SECONDS', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const envSettings = async (env: Record<string, string>) => {
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
      const settings = mockSettingsFromEnv()
      vi.unstubAllEnvs()
      return settings
    }
    expect(await envSettings({})).toMatchObject({ rotate: true, graceSeconds: 30, sessionMaxSeconds: 2_592_000 })
    expect(await envSettings({ VITE_MOCK_ROTATE: 'false', VITE_MOCK_GRACE_SECONDS: '0', VITE_MOCK_SESSION_MAX_SECONDS: '120' })).toMatchObject({
      rotate: false,
      graceSeconds: 0,
      sessionMaxSeconds: 120,
    })
    expect(await envSettings({ VITE_MOCK_ROTATE: '0' })).toMatchObject({ rotate: false })
    expect(await envSettings({ VITE_MOCK_ROTATE: 'true', VITE_MOCK_GRACE_SECONDS: 'soon' })).toMatchObject({ rotate: true, graceSeconds: 30 })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('VITE_MOCK_GRACE_SECONDS="soon"'))
  })

  it("reads the lockout's VITE_MOCK_* settings, and takes them from a localStorage override", async () => {
    const envSettings = async (env: Record<string, string>) => {
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
      const settings = mockSettingsFromEnv()
      vi.unstubAllEnvs()
      return settings
    }
    const env = {
      VITE_MOCK_LOGIN_FAILURE_LIMIT: '3',
      VITE_MOCK_ADDRESS_FAILURE_LIMIT: '0',
      VITE_MOCK_LOGIN_COOLOFF_SECONDS: '5',
      VITE_MOCK_LOGIN_COOLOFF_MAX_SECONDS: '20',
      VITE_MOCK_LOGIN_FORGET_SECONDS: '600',
      VITE_MOCK_TRUSTED_PROXIES: ' 127.0.0.1, 10.0.0.0/8 ,',
      VITE_MOCK_REMOTE_ADDRESS: '127.0.0.2',
    }
    expect(await envSettings(env)).toMatchObject({
      loginFailureLimit: 3,
      addressFailureLimit: 0,
      loginCooloffSeconds: 5,
      loginCooloffMaxSeconds: 20,
      loginForgetSeconds: 600,
      trustedProxies: ['127.0.0.1', '10.0.0.0/8'],
      remoteAddress: '127.0.0.2',
    })
    expect(parseSettingsOverride('{"loginFailureLimit":2,"loginCooloffSeconds":3,"trustedProxies":["127.0.0.1"],"remoteAddress":"127.0.0.3"}')).toEqual({
      loginFailureLimit: 2,
      loginCooloffSeconds: 3,
      trustedProxies: ['127.0.0.1'],
      remoteAddress: '127.0.0.3',
    })
  })

  it('answers after the configured latency', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    backend().settings.latencyMs = 1000
    let settled = false
    const pending = obtainToken(DEMO, { timeout: 0 }).finally(() => {
      settled = true
    })
    // The answer is decided first (real crypto, real time), then the latency timer starts.
    while (vi.getTimerCount() === 0) await new Promise((resolve) => setImmediate(resolve))
    await vi.advanceTimersByTimeAsync(499)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1001)
    await expect(pending).resolves.toHaveProperty('access')
  })
})

describe('the console API (window.mockBackend)', () => {
  it('configure() applies settings now and keeps them for the next boot', () => {
    const api = createConsoleApi(createMockBackend(), localStorage)
    expect(api.configure({ accessSeconds: 5, rotate: true })).toMatchObject({ accessSeconds: 5, rotate: true })
    expect(api.settings.accessSeconds).toBe(5)
    expect(parseSettingsOverride(localStorage.getItem('mock-backend.settings'))).toEqual({ accessSeconds: 5, rotate: true })
    expect(api.configure({ graceSeconds: 2, sessionMaxSeconds: 600 })).toMatchObject({ accessSeconds: 5, graceSeconds: 2, sessionMaxSeconds: 600 })
    expect(parseSettingsOverride(localStorage.getItem('mock-backend.settings'))).toEqual({ accessSeconds: 5, rotate: true, graceSeconds: 2, sessionMaxSeconds: 600 })
  })

  it('help() names every fault kind, the lost answer included, and the new settings', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined)
    createConsoleApi(createMockBackend(), localStorage).help()
    const help = String(info.mock.calls[0]?.[0])
    expect(help).toContain("failNext({ kind: 'lost-answer', pathContains: '/token/refresh/' })")
    expect(help).toContain("'network', 'slow' (delayMs, default 20000), 'lost-answer'")
    expect(help).toContain('graceSeconds, sessionMaxSeconds')
  })

  it('reads ?mock-fail=… and refuses a typo with a message', () => {
    expect(faultFromQuery('?mock-fail=500&mock-fail-count=2&mock-fail-path=/orders/')).toEqual({ kind: 500, count: 2, pathContains: '/orders/' })
    expect(faultFromQuery('?mock-fail=network&mock-fail-times=3')).toEqual({ kind: 'network', count: 3 })
    expect(faultFromQuery('?mock-fail=slow')).toEqual({ kind: 'slow' })
    expect(faultFromQuery('?mock-fail=lost-answer&mock-fail-path=/token/refresh/')).toEqual({ kind: 'lost-answer', pathContains: '/token/refresh/' })
    expect(faultFromQuery('?other=1')).toBeUndefined()
    expect(() => faultFromQuery('?mock-fail=50O')).toThrow(/Unknown fault/)
  })
})
