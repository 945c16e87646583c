/**
 * The mock backend's own features: injected failures, the call log, reset, the clock, and the
 * localStorage database shared by tabs (two backends on one Storage play two tabs).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { obtainToken, refreshToken } from '@/api/auth'
import { getMe } from '@/api/me'
import { deleteOrder, getOrder, listOrders } from '@/api/orders'
import { createMockBackend } from '@/mocks/backend'
import { parseSettingsOverride } from '@/mocks/config'
import { createConsoleApi, faultFromQuery } from '@/mocks/consoleApi'
import { DB_STORAGE_KEY, createLocalStorageStorage } from '@/mocks/db'
import { useMockBackend } from '../../support/mock-backend'
import { DEMO, login, raw } from './helpers'

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

  it('explains a mistyped fault instead of arming it', () => {
    expect(() => backend().failNext('boom' as never)).toThrow(/Unknown fault "boom": use one of 401, 403, 404, 500, "network", "slow"/)
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

  it('a refresh token blacklisted in tab A is refused in tab B; data written in A is seen in B', async () => {
    const tabA = tab()
    const tabB = tab()
    backend.server.use(...tabA.handlers)
    const { refresh, auth } = await login()
    await deleteOrder(25, auth)
    await expect(refreshToken(refresh)).resolves.toHaveProperty('access')
    tabA.settings.rotate = true
    await refreshToken(refresh)
    backend.server.resetHandlers(...tabB.handlers)
    await expect(refreshToken(refresh)).rejects.toMatchObject({ status: 401, detail: 'Token is blacklisted' })
    await expect(getOrder(25, auth)).rejects.toMatchObject({ status: 404 })
    expect(tabB.calls.map((call) => call.path)).toEqual([
      '/api/token/',
      '/api/orders/25/',
      '/api/token/refresh/',
      '/api/token/refresh/',
      '/api/token/refresh/',
      '/api/orders/25/',
    ])
    expect(JSON.parse(localStorage.getItem(DB_STORAGE_KEY) ?? '{}').version).toBe(3)
  })

  it('serializes every request on the Web Lock "mock-backend.db" when navigator.locks exists', async () => {
    const request = vi.fn((_name: string, task: () => Promise<unknown>) => task())
    vi.stubGlobal('navigator', { ...navigator, locks: { request } })
    backend.server.use(...tab().handlers)
    await login()
    expect(request).toHaveBeenCalled()
    expect(request.mock.calls.every(([name]) => name === 'mock-backend.db')).toBe(true)
  })

  it('replaces a stored database of an older shape (version 2, no outstanding tokens to revoke) with the seed', async () => {
    localStorage.setItem(DB_STORAGE_KEY, JSON.stringify({ version: 2, secret: 'x', users: [], orders: [], blacklist: [], calls: [], faults: [] }))
    backend.server.use(...tab().handlers)
    const { auth } = await login()
    await expect(listOrders({}, auth)).resolves.toHaveProperty('count', 25)
    expect(JSON.parse(localStorage.getItem(DB_STORAGE_KEY) ?? '{}')).toMatchObject({ version: 3, users: [{ username: 'demo', tokenVersion: 0 }, { username: 'admin', tokenVersion: 0 }] })
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
    expect(parseSettingsOverride('{"accessSeconds":3,"rotate":true,"latencyMs":0,"rotat":1,"refreshSeconds":"x"}')).toEqual({
      accessSeconds: 3,
      rotate: true,
      latencyMs: 0,
    })
    expect(warn).toHaveBeenCalledTimes(2)
    expect(parseSettingsOverride('nope')).toEqual({})
    expect(parseSettingsOverride(null)).toEqual({})
  })

  it('defaults to simplejwt pairs, 300 s / 1 day / no rotation / no latency in node', () => {
    expect(createMockBackend().settings).toEqual({ dialect: 'simplejwt', accessSeconds: 300, refreshSeconds: 86_400, rotate: false, latencyMs: 0 })
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
  })

  it('reads ?mock-fail=… and refuses a typo with a message', () => {
    expect(faultFromQuery('?mock-fail=500&mock-fail-count=2&mock-fail-path=/orders/')).toEqual({ kind: 500, count: 2, pathContains: '/orders/' })
    expect(faultFromQuery('?mock-fail=network&mock-fail-times=3')).toEqual({ kind: 'network', count: 3 })
    expect(faultFromQuery('?mock-fail=slow')).toEqual({ kind: 'slow' })
    expect(faultFromQuery('?other=1')).toBeUndefined()
    expect(() => faultFromQuery('?mock-fail=50O')).toThrow(/Unknown fault/)
  })
})
