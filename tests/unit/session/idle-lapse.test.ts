import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { setupServer } from 'msw/node'
import { createIdlePolicy, type IdlePolicy } from '@packages/session/idle'
import { writeLastActivity } from '@packages/session/idle-time'
import { SESSION_STORAGE_KEY } from '@packages/session/storage'
import { SessionExpiredError } from '@django-jwt/session'
import { createMockBackend, type MockBackend } from '@django-jwt/mock'
import { followSession } from '@packages/session/idleActivity'
import { createTestClient, type TestClient } from '../../support/session-client'
import { createFakeLocks, createManualTime, createSharedStorage, type ManualTime, type SimulatedTab } from '../../support/tabs'

/** The idle lapse around the session core, on hand-driven time: 5-minute access tokens, 30 minutes idle. */
const ACCESS_SECONDS = 300
const IDLE_MS = 30 * 60_000
const server = setupServer()
let time: ManualTime
let backend: MockBackend

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => {
  time = createManualTime()
  backend = createMockBackend({ now: () => time.now(), accessSeconds: ACCESS_SECONDS, latencyMs: 0 })
  server.resetHandlers(...backend.handlers)
})

const callsTo = (suffix: string) => backend.calls.filter((call) => call.path.endsWith(suffix)).length

/** One tab: the session client with its idle policy, wired as plugins/idle.ts wires the app's. */
function idleClient(tab: SimulatedTab, locks = createFakeLocks()): TestClient & { idle: IdlePolicy; logIn(): Promise<void> } {
  let idle: IdlePolicy | null = null
  const client = createTestClient({ time, tab, locks, vetoUse: () => (idle?.hasLapsed() ? 'idle' : null) })
  idle = createIdlePolicy({ idleMs: IDLE_MS, now: time.now, storage: tab.storage, events: tab.events as unknown as Window, setTimer: time.setTimer, clearTimer: time.clearTimer })
  followSession(idle, client.session)
  return Object.assign(client, {
    idle,
    async logIn() {
      writeLastActivity(tab.storage, time.now()) // what the store's login does before establishing
      await client.login()
    },
  })
}

describe('the idle lapse around the session', () => {
  it('background refreshes never count: an untouched session refreshes six times, then lapses on time, revoked', async () => {
    const client = idleClient(createSharedStorage().tab())
    await client.logIn()
    const refresh = client.session.current()!.refresh
    for (let count = 1; count <= 6; count += 1) {
      time.advance(270_000) // due 10 % before each 5-minute access token expires
      await expect.poll(() => callsTo('/token/refresh/')).toBe(count)
    }
    time.advance(IDLE_MS - 6 * 270_000 - 1)
    expect(client.session.isLoggedIn()).toBe(true)
    time.advance(1)
    expect(client.session.current()).toBeNull()
    expect(client.events.filter((event) => event.type === 'expired')).toEqual([{ type: 'expired', reason: 'idle' }])
    await expect.poll(() => callsTo('/token/blacklist/')).toBe(1)
    time.advance(60 * 60_000)
    expect(callsTo('/token/refresh/')).toBe(6) // nothing after the lapse
    // The server refuses the refresh token from now on.
    await expect(client.http.post('/token/refresh/', { refresh }, { skipAuth: true })).rejects.toMatchObject({ status: 401 })
  })

  it('requests made by the app do not count either; the user’s activity does', async () => {
    const client = idleClient(createSharedStorage().tab())
    await client.logIn()
    for (let minute = 0; minute < 29; minute += 1) {
      time.advance(60_000)
      await client.http.get('/orders/') // a page polling on its own
    }
    client.idle.activity() // the user, at minute 29
    time.advance(29 * 60_000)
    await client.http.get('/orders/')
    expect(client.session.isLoggedIn()).toBe(true)
    time.advance(60_000)
    expect(client.session.isLoggedIn()).toBe(false)
    expect(client.events.at(-1)).toEqual({ type: 'expired', reason: 'idle' })
  })

  it('a tab that wakes after the idle time sends nothing with the session, not even one request', async () => {
    const client = idleClient(createSharedStorage().tab())
    await client.logIn()
    await client.http.get('/orders/')
    const before = backend.calls.length
    time.sleep(IDLE_MS + 60_000) // lid closed: no timer ran, the refresh and the lapse are both overdue
    await expect(client.http.get('/orders/')).rejects.toBeInstanceOf(SessionExpiredError)
    time.advance(0) // the overdue timers fire now, the refresh timer first
    await expect.poll(() => callsTo('/token/blacklist/')).toBe(1)
    expect(backend.calls.slice(before).map((call) => call.path)).toEqual(['/api/token/blacklist/'])
    expect(client.events.filter((event) => event.type === 'expired')).toEqual([{ type: 'expired', reason: 'idle' }])
  })

  it('a tab whose overdue refresh timer fires first on waking still refreshes nothing', async () => {
    const client = idleClient(createSharedStorage().tab())
    await client.logIn()
    time.sleep(IDLE_MS + 1)
    expect(time.fireNext()).toBe(true) // the refresh timer (due at 270 s), before the idle timer's task
    await expect.poll(() => callsTo('/token/blacklist/')).toBe(1)
    expect(callsTo('/token/refresh/')).toBe(0)
    expect(client.session.current()).toBeNull()
  })

  it('activity in one tab keeps the other tab’s session; the lapse then ends it in both, once', async () => {
    const shared = createSharedStorage()
    const locks = createFakeLocks()
    const [a, b] = [idleClient(shared.tab(), locks), idleClient(shared.tab(), locks)]
    await a.logIn()
    expect(b.session.isLoggedIn()).toBe(true)
    for (let i = 0; i < 4; i += 1) {
      time.advance(20 * 60_000)
      b.idle.activity()
      await a.http.get('/me/')
    }
    expect(a.session.isLoggedIn()).toBe(true)
    time.advance(IDLE_MS)
    expect(a.session.current()).toBeNull()
    expect(b.session.current()).toBeNull()
    expect(shared.tab().storage.getItem(SESSION_STORAGE_KEY)).toBeNull()
    expect(a.idle.state().lapsed).toBe(true)
    expect(b.idle.state().lapsed).toBe(true)
    const expiries = [...a.events, ...b.events].filter((event) => event.type === 'expired')
    expect(expiries).toEqual([{ type: 'expired', reason: 'idle' }]) // the first tab ends it, the other follows
    expect(b.events.map((event) => event.type)).toContain('remote-logout')
  })

  it('logging in again after a lapse starts a fresh idle time', async () => {
    const client = idleClient(createSharedStorage().tab())
    await client.logIn()
    time.advance(IDLE_MS)
    expect(client.session.current()).toBeNull()
    time.advance(5 * 60_000)
    await client.logIn()
    expect(client.idle.state()).toEqual({ deadline: time.now() + IDLE_MS, warning: false, lapsed: false })
    await client.http.get('/me/')
    expect(client.session.isLoggedIn()).toBe(true)
  })
})
