/**
 * The idle lapse is a policy around the core, so it works the same in every dialect: background refreshes (slides)
 * never count as activity, the session lapses on time, and it is ended on the server only where the dialect can
 * (cookie mode too: the refresh and the logout go through the mock's httpOnly cookie).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { setupServer } from 'msw/node'
import type { Dialect, TokenPost } from '@packages/session/dialect'
import { createDrfJwtDialect } from '@packages/session/dialects/drfJwt'
import { createSimplejwtDialect } from '@packages/session/dialects/simplejwt'
import { createSimplejwtCookieDialect } from '@packages/session/dialects/simplejwtCookie'
import { createSlidingDialect } from '@packages/session/dialects/simplejwtSliding'
import { createIdlePolicy, type IdlePolicy } from '@packages/session/idle'
import { writeLastActivity } from '@packages/session/idle-time'
import type { AuthDialectName } from '@/config'
import { createMockBackend, type MockBackend } from '@django-jwt/mock'
import { followSession } from '@packages/session/idleActivity'
import { createTestClient } from '../../support/session-client'
import { createFakeLocks, createManualTime, createSharedStorage, type ManualTime } from '../../support/tabs'

const ACCESS_SECONDS = 300
/** Longer than the idle time: the lapse, not the window, ends these sessions. */
const WINDOW_SECONDS = 3600
const IDLE_MS = 10 * 60_000

interface DialectCase {
  title: string
  name: AuthDialectName
  /** The mock's refresh transport: cookie mode keeps the refresh token in its httpOnly cookie. */
  refreshTransport?: 'body' | 'cookie'
  refreshPath: string
  endPath: string | null
  create(post: TokenPost): Dialect
}

const CASES: DialectCase[] = [
  { title: 'simplejwt', name: 'simplejwt', refreshPath: '/token/refresh/', endPath: '/token/blacklist/', create: (post) => createSimplejwtDialect({ post }) },
  {
    title: 'simplejwt cookie-mode',
    name: 'simplejwt',
    refreshTransport: 'cookie',
    refreshPath: '/token/refresh/',
    endPath: '/token/blacklist/',
    create: (post) => createSimplejwtCookieDialect({ post }),
  },
  { title: 'simplejwt-sliding', name: 'simplejwt-sliding', refreshPath: '/token/refresh/', endPath: null, create: (post) => createSlidingDialect({ post }) },
  {
    title: 'drf-jwt',
    name: 'drf-jwt',
    refreshPath: '/api-token-refresh/',
    endPath: null,
    create: (post) => createDrfJwtDialect({ post, refreshSeconds: WINDOW_SECONDS }),
  },
]

const server = setupServer()
let time: ManualTime
let backend: MockBackend
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describe.each(CASES)('the idle lapse in the $title dialect', (dialectCase) => {
  beforeEach(() => {
    time = createManualTime()
    backend = createMockBackend({ dialect: dialectCase.name, refreshTransport: dialectCase.refreshTransport ?? 'body', now: () => time.now(), accessSeconds: ACCESS_SECONDS, refreshSeconds: WINDOW_SECONDS, latencyMs: 0 })
    server.resetHandlers(...backend.handlers)
  })
  const callsTo = (path: string) => backend.calls.filter((call) => call.path.endsWith(path)).length

  it('renews while only the app is busy, lapses on time, and ends the session on the server where it can', async () => {
    const tab = createSharedStorage().tab()
    let idle: IdlePolicy | null = null
    const client = createTestClient({ time, tab, locks: createFakeLocks(), dialect: dialectCase.create, vetoUse: () => (idle?.hasLapsed() ? 'idle' : null) })
    idle = createIdlePolicy({ idleMs: IDLE_MS, now: time.now, storage: tab.storage, events: tab.events as unknown as Window, setTimer: time.setTimer, clearTimer: time.clearTimer })
    followSession(idle, client.session)
    writeLastActivity(tab.storage, time.now())
    await client.login()

    // A page polling on its own every ten seconds (the app's requests are not activity); each request also waits
    // for a renewal under way, so no token ages past its exp between two steps.
    for (let step = 1; step < IDLE_MS / 10_000; step += 1) {
      time.advance(10_000)
      await client.http.get('/orders/')
    }
    expect(client.session.isLoggedIn()).toBe(true)
    expect(callsTo(dialectCase.refreshPath)).toBeGreaterThanOrEqual(1) // renewed while nobody was there
    time.advance(10_000)
    expect(client.session.current()).toBeNull()
    expect(client.events.filter((event) => event.type === 'expired')).toEqual([{ type: 'expired', reason: 'idle' }])
    if (dialectCase.endPath) await expect.poll(() => callsTo(dialectCase.endPath as string)).toBe(1)
    const refreshes = callsTo(dialectCase.refreshPath)
    time.advance(30 * 60_000)
    expect(callsTo(dialectCase.refreshPath)).toBe(refreshes) // nothing after the lapse
    expect(backend.calls.filter((call) => call.status === 401)).toEqual([])
  })
})
