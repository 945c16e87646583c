/**
 * The session core in every dialect, against the mock speaking that dialect, with hand-driven time:
 * the window slides while the user works, no request ever leaves with an expired token (in sliding and
 * drf-jwt an expired token can't be refreshed at all), the session ends at the window end, and parallel
 * requests and tabs share one refresh.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { setupServer } from 'msw/node'
import type { Dialect, TokenPost } from '@packages/session/dialect'
import { createDrfJwtDialect } from '@packages/session/dialects/drfJwt'
import { createSimplejwtDialect } from '@packages/session/dialects/simplejwt'
import { createSlidingDialect } from '@packages/session/dialects/simplejwtSliding'
import type { AuthDialectName } from '@/config'
import { SessionExpiredError } from '@django-jwt/session'
import { createMockBackend, type MockBackend } from '@django-jwt/mock'
import { createTestClient, type TestClient } from '../../support/session-client'
import { createFakeLocks, createManualTime, createSharedStorage, type ManualTime } from '../../support/tabs'

const ACCESS_SECONDS = 300
const WINDOW_SECONDS = 1800

interface DialectCase {
  name: AuthDialectName
  refreshPath: string
  create(post: TokenPost): Dialect
}

const CASES: DialectCase[] = [
  { name: 'simplejwt', refreshPath: '/token/refresh/', create: (post) => createSimplejwtDialect({ post }) },
  { name: 'simplejwt-sliding', refreshPath: '/token/refresh/', create: (post) => createSlidingDialect({ post }) },
  { name: 'drf-jwt', refreshPath: '/api-token-refresh/', create: (post) => createDrfJwtDialect({ post, refreshSeconds: WINDOW_SECONDS }) },
]

const server = setupServer()
let time: ManualTime
let backend: MockBackend
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describe.each(CASES)('the $name dialect', (dialectCase) => {
  beforeEach(() => {
    time = createManualTime()
    backend = createMockBackend({
      dialect: dialectCase.name,
      now: () => time.now(),
      accessSeconds: ACCESS_SECONDS,
      refreshSeconds: WINDOW_SECONDS,
      sessionMaxSeconds: WINDOW_SECONDS,
      latencyMs: 0,
    })
    server.resetHandlers(...backend.handlers)
  })

  const refreshCalls = () => backend.calls.filter((call) => call.path.endsWith(dialectCase.refreshPath)).length
  const unauthorized = () => backend.calls.filter((call) => call.status === 401).length
  const expiries = (client: TestClient) => client.events.filter((event) => event.type === 'expired')
  const newClient = (tab = createSharedStorage().tab(), locks = createFakeLocks(), dialect = dialectCase.create) =>
    createTestClient({ time, tab, locks, dialect })

  /** The user works: a request every `stepSeconds` for `seconds`. */
  async function work(client: TestClient, seconds: number, stepSeconds = 10): Promise<void> {
    for (let elapsed = 0; elapsed < seconds; elapsed += stepSeconds) {
      time.advance(stepSeconds * 1000)
      await client.http.get('/orders/')
    }
  }

  it('slides the window while the user works: about one refresh per token lifetime, never a 401', async () => {
    const client = newClient()
    await client.login()
    await work(client, WINDOW_SECONDS - 60)
    expect(unauthorized()).toBe(0)
    expect(client.session.isLoggedIn()).toBe(true)
    const lifetimes = (WINDOW_SECONDS - 60) / ACCESS_SECONDS
    expect(refreshCalls()).toBeGreaterThanOrEqual(Math.floor(lifetimes))
    expect(refreshCalls()).toBeLessThanOrEqual(Math.ceil(lifetimes) + 1)
  })

  it('ends the session at the window end: one expiry, no 401, the next request rejects as expired', async () => {
    const client = newClient()
    await client.login()
    await work(client, WINDOW_SECONDS - 10)
    const refreshes = refreshCalls()
    time.advance(20_000)
    await expect.poll(() => expiries(client)).toEqual([{ type: 'expired', reason: 'refresh-expired' }])
    expect(client.session.current()).toBeNull()
    expect(refreshCalls()).toBe(refreshes) // nothing spent on a refresh the server would refuse
    await expect(client.http.get('/orders/')).rejects.toMatchObject({ status: 401 }) // no token: the login page's job
    expect(client.loginRequests).toBe(1)
    expect(unauthorized()).toBe(1)
  })

  it('20 parallel requests with a token due for refresh make one refresh call and all succeed', async () => {
    const client = newClient()
    await client.login()
    time.advance((ACCESS_SECONDS - 10) * 1000)
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => client.http.get(`/orders/${i + 1}/`)))
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true)
    expect(refreshCalls()).toBe(1)
    expect(unauthorized()).toBe(0)
  })

  it('two tabs share one refresh per lifetime and stay logged in together', async () => {
    const shared = createSharedStorage()
    const locks = createFakeLocks()
    const tabA = newClient(shared.tab(), locks)
    const tabB = newClient(shared.tab(), locks)
    await tabA.login()
    expect(tabB.session.isLoggedIn()).toBe(true)
    for (let elapsed = 0; elapsed < ACCESS_SECONDS * 3; elapsed += 10) {
      time.advance(10_000)
      await Promise.all([tabA.http.get('/me/'), tabB.http.get('/me/')])
    }
    expect(refreshCalls()).toBeGreaterThanOrEqual(3)
    expect(refreshCalls()).toBeLessThanOrEqual(4)
    expect(unauthorized()).toBe(0)
    expect(tabB.session.current()?.access).toBe(tabA.session.current()?.access)
  })

  it.each([
    ['behind', -450],
    ['ahead', 450],
  ])('with 3-second tokens and a client clock %s by 450 ms, no refresh arrives after exp for 20 s', async (_label, skewMs) => {
    backend.settings.accessSeconds = 3
    time.advance(700) // login at .700: whole-second exp leaves the first token 2.3 s
    const client = createTestClient({ time, tab: createSharedStorage().tab(), locks: createFakeLocks(), dialect: dialectCase.create, skewMs })
    await client.login()
    for (let elapsed = 0; elapsed < 20_000; elapsed += 100) {
      time.advance(100)
      await client.session.freshAccessToken()
    }
    const refused = backend.calls.filter((call) => call.path.endsWith(dialectCase.refreshPath) && call.status >= 400)
    expect(refused).toEqual([])
    expect(client.session.isLoggedIn()).toBe(true)
    expect(refreshCalls()).toBeGreaterThanOrEqual(6)
  })

  it('logout clears every tab', async () => {
    const shared = createSharedStorage()
    const locks = createFakeLocks()
    const tabA = newClient(shared.tab(), locks)
    const tabB = newClient(shared.tab(), locks)
    await tabA.login()
    await tabA.session.logout()
    expect(tabB.session.isLoggedIn()).toBe(false)
    expect(tabB.events.map((event) => event.type)).toContain('remote-logout')
  })
})

describe('drf-jwt: the server’s refresh window rules whatever the setting says', () => {
  beforeEach(() => {
    time = createManualTime()
    backend = createMockBackend({ dialect: 'drf-jwt', now: () => time.now(), accessSeconds: ACCESS_SECONDS, refreshSeconds: 600, latencyMs: 0 })
    server.resetHandlers(...backend.handlers)
  })

  it('a "Refresh has expired." 400 ends the session once, though the app was told 7 days', async () => {
    const client = createTestClient({ time, tab: createSharedStorage().tab(), locks: createFakeLocks(), dialect: (post) => createDrfJwtDialect({ post }) })
    await client.login()
    let failure: unknown = null
    for (let elapsed = 0; elapsed < 1200 && !failure; elapsed += 10) {
      time.advance(10_000)
      await client.http.get('/orders/').catch((error: unknown) => {
        failure = error
      })
    }
    expect(failure).toBeInstanceOf(SessionExpiredError)
    expect(client.events.filter((event) => event.type === 'expired')).toEqual([{ type: 'expired', reason: 'refresh-rejected' }])
    expect(backend.calls.filter((call) => call.status === 401)).toEqual([])
    expect(backend.calls.filter((call) => call.status === 400)).toHaveLength(1)
  })
})
